import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { bigIntToIp, ChainError, ChainErrorCode, ipToBigInt, nextEpochBlock, poolErrorName, resolveEndpoint, SubtensorChain } from "../../index.js";

const code = async (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => (e instanceof ChainError ? e.code : `not a ChainError: ${String(e)}`),
  );

describe("SubtensorChain without a chain", () => {
  it("resolves network names and URLs, and names the valid choices for anything else", () => {
    expect(resolveEndpoint("local")).toBe("ws://127.0.0.1:9944");
    expect(resolveEndpoint("finney")).toMatch(/^wss:\/\//);
    expect(resolveEndpoint("test")).toMatch(/^wss:\/\//);
    expect(resolveEndpoint("ws://10.0.0.1:9944")).toBe("ws://10.0.0.1:9944");
    expect(() => resolveEndpoint("mainnet")).toThrow(/unknown network "mainnet": expected one of local, test, finney or a ws/);
    expect(() => resolveEndpoint("http://x")).toThrow(ChainError);
  });

  it("fails fast and cleanly on an unknown network and an endpoint where nothing listens", async () => {
    expect(await code(SubtensorChain.connect("nowhere"))).toBe(ChainErrorCode.UNKNOWN_NETWORK);
    // a port that was free a moment ago: nothing answers there
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const started = Date.now();
    expect(await code(SubtensorChain.connect(`ws://127.0.0.1:${port}`, { connectTimeoutMs: 1500 }))).toBe(ChainErrorCode.ENDPOINT_UNREACHABLE);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("names pool rejections in the node's and in chopsticks' spelling, for every subtensor custom code", () => {
    const names = [
      "ColdkeyInSwapSchedule",
      "StakeAmountTooLow",
      "BalanceTooLow",
      "SubnetDoesntExist",
      "HotkeyAccountDoesntExist",
      "NotEnoughStakeToWithdraw",
      "RateLimitExceeded",
      "InsufficientLiquidity",
      "SlippageTooHigh",
      "TransferDisallowed",
      "HotKeyNotRegisteredInNetwork",
      "InvalidIpAddress",
      "ServingRateLimitExceeded",
      "InvalidPort",
      "ZeroMaxAmount",
    ];
    names.forEach((name, i) => {
      expect(poolErrorName(`1010: Invalid Transaction: Custom error: ${i}`)).toBe(name);
      expect(poolErrorName(`1010: {"invalid":{"custom":${i}}}`)).toBe(name);
    });
    expect(poolErrorName('1010: {"invalid":{"custom":255}}')).toBe("BadRequest");
    expect(poolErrorName('1010: {"invalid":{"custom":77}}')).toBe("CustomTransactionError(77)");
    expect(poolErrorName("1010: Invalid Transaction: Inability to pay some fees (e.g. account balance too low)")).toBe("InsufficientBalanceForFees");
    expect(poolErrorName('1010: {"invalid":{"payment":null}}')).toBe("InsufficientBalanceForFees");
    expect(poolErrorName('1010: {"invalid":{"exhaustsResources":null}}')).toBe("ExhaustsResources");
    expect(poolErrorName("1010: Invalid Transaction: Transaction is outdated")).toBe("Stale");
    expect(poolErrorName('1010: {"invalid":{"badProof":null}}')).toBe("BadSignature");
    expect(poolErrorName("something else")).toBe("InvalidTransaction");
  });

  it("encodes axon IPs as the chain's u128 and back", () => {
    expect(ipToBigInt("192.0.2.10", 4)).toBe(0xc000020an);
    expect(bigIntToIp(0xc000020an, 4)).toBe("192.0.2.10");
    expect(ipToBigInt("::1", 6)).toBe(1n);
    expect(ipToBigInt("2001:db8::8a2e:370:7334", 6)).toBe(0x20010db8000000000000_8a2e03707334n);
    expect(bigIntToIp(ipToBigInt("2001:db8::8a2e:370:7334", 6), 6)).toBe("2001:db8::8a2e:370:7334");
    expect(() => ipToBigInt("256.0.0.1", 4)).toThrow(/axon.ip: expected dotted IPv4/);
    expect(() => ipToBigInt("1.2.3", 4)).toThrow(ChainError);
    expect(() => ipToBigInt("2001:::1", 6)).toThrow(/axon.ip: expected IPv6/);
  });

  it("finds the next epoch block as the chain does ((block + netuid + 1) % (tempo + 1) == tempo)", () => {
    for (const [netuid, tempo] of [
      [2, 10],
      [1, 360],
      [7, 99],
      [0, 1],
    ] as const) {
      for (let block = 0; block < 800; block += 37) {
        const next = nextEpochBlock(block, netuid, tempo);
        expect(next).toBeGreaterThan(block);
        expect((next + netuid + 1) % (tempo + 1)).toBe(tempo);
        for (let b = block + 1; b < next; b++) expect((b + netuid + 1) % (tempo + 1)).not.toBe(tempo);
      }
    }
    expect(nextEpochBlock(5, 1, 0)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
