/**
 * A minimal client for OpenAI-compatible chat endpoints (`POST <url>/v1/chat/completions`), used
 * by the reference miner (its answers) and by validators (their own reference model). URL, model
 * and key come from options or the environment (`TAO_TEXT_OPENAI_URL`/`_MODEL`/`_KEY` for the
 * miner, `TAO_TEXT_REFERENCE_URL`/`_MODEL`/`_KEY` for a validator's references); the key is sent
 * as a bearer token and never logged.
 */
export interface OpenAiEndpoint {
  url: string;
  model: string;
  key?: string;
}

/**
 * An endpoint from `<prefix>_URL`, `<prefix>_MODEL` (default "default") and `<prefix>_KEY`
 * (optional); null when `<prefix>_URL` is unset. Prefixes: `TAO_TEXT_OPENAI` (the miner's model),
 * `TAO_TEXT_REFERENCE` (a validator's reference model).
 */
export function endpointFromEnv(env: NodeJS.ProcessEnv = process.env, prefix = "TAO_TEXT_OPENAI"): OpenAiEndpoint | null {
  const url = env[`${prefix}_URL`];
  if (!url) return null;
  const key = env[`${prefix}_KEY`];
  return { url, model: env[`${prefix}_MODEL`] ?? "default", ...(key ? { key } : {}) };
}

/** One chat completion: the assistant's text for a single user prompt. */
export async function chatCompletion(
  endpoint: OpenAiEndpoint,
  prompt: string,
  options: { maxTokens?: number; signal?: AbortSignal; system?: string } = {},
): Promise<string> {
  const res = await fetch(`${endpoint.url.replace(/\/$/, "")}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(endpoint.key ? { authorization: `Bearer ${endpoint.key}` } : {}) },
    body: JSON.stringify({
      model: endpoint.model,
      messages: [...(options.system ? [{ role: "system", content: options.system }] : []), { role: "user", content: prompt }],
      max_tokens: options.maxTokens ?? 256,
      temperature: 0,
    }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!res.ok) throw new Error(`${endpoint.url}: HTTP ${res.status} from the chat endpoint`);
  const body = (await res.json()) as { choices?: Array<{ message?: { content?: unknown } }> };
  const text = body.choices?.[0]?.message?.content;
  if (typeof text !== "string") throw new Error(`${endpoint.url}: the response has no choices[0].message.content`);
  return text;
}
