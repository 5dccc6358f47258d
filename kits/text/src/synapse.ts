/** What travels on the wire between a text validator and a miner (Python SDK JSON body field names). */

/** The request a miner receives (Python SDK JSON body field names). */
export interface TextRequest {
  prompt: string;
  max_tokens: number;
}

/** The miner's answer. */
export interface TextResponse {
  completion: string;
}
