import { loadConfig } from "../../src/config";
import { connectionLost, failureReason, formatLsn, parseLsn, replicaName } from "../../src/db/replicas";

describe("LSNs", () => {
  it("parses PostgreSQL's text form into an ordered number and prints it back", () => {
    expect(parseLsn("16/B374D848")).toBe(0x16b374d848n);
    expect(formatLsn(parseLsn("16/B374D848")!)).toBe("16/B374D848");
    expect(parseLsn("0/0")).toBe(0n);
    expect(parseLsn("1/0")! > parseLsn("0/FFFFFFFF")!).toBe(true);
  });

  it("refuses anything else", () => {
    for (const text of ["", "16", "16/", "/1", "G/1", "123456789/0", "1/2/3", "1/2; DROP"]) {
      expect(parseLsn(text)).toBeNull();
    }
  });
});

describe("replica settings", () => {
  it("names a replica by host, port and database, never its credentials", () => {
    expect(replicaName("postgresql://user:secret@db-replica:6432/claimbase")).toBe("db-replica:6432/claimbase");
    expect(replicaName("postgres://db-replica/claimbase")).toBe("db-replica:5432/claimbase");
  });

  it("reads DATABASE_REPLICA_URLS and the lag settings, with defaults", () => {
    expect(loadConfig({}).replicas).toEqual({
      urls: [],
      maxLagMs: 10_000,
      maxLagBytes: 0,
      checkIntervalMs: 1_000,
      rywWaitMs: 30,
    });
    const config = loadConfig({
      DATABASE_REPLICA_URLS: " postgresql://a/db , postgres://b:5433/db ,",
      REPLICA_MAX_LAG_MS: "2500",
      REPLICA_MAX_LAG_BYTES: "1048576",
      REPLICA_CHECK_INTERVAL_MS: "250",
      REPLICA_RYW_WAIT_MS: "0",
    });
    expect(config.replicas).toEqual({
      urls: ["postgresql://a/db", "postgres://b:5433/db"],
      maxLagMs: 2_500,
      maxLagBytes: 1_048_576,
      checkIntervalMs: 250,
      rywWaitMs: 0,
    });
  });

  it("refuses a replica URL that is not a PostgreSQL URL, without echoing it (it may hold a password)", () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: "db-replica:5432" })).toThrow(/DATABASE_REPLICA_URLS/);
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: "mysql://u:pw@h/db" })).toThrow(/not postgresql/);
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: "mysql://u:pw@h/db" })).not.toThrow(/pw/);
    expect(() => loadConfig({ REPLICA_CHECK_INTERVAL_MS: "0" })).toThrow(/REPLICA_CHECK_INTERVAL_MS/);
    expect(() => loadConfig({ REPLICA_RYW_WAIT_MS: "-1" })).toThrow(/REPLICA_RYW_WAIT_MS/);
    // Only digits: what "a non-negative integer" promises.
    for (const value of ["1e3", "0x10", "1.0", " 5"]) {
      expect(() => loadConfig({ REPLICA_MAX_LAG_MS: value })).toThrow(
        /REPLICA_MAX_LAG_MS must be a non-negative integer/,
      );
    }
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: ",," })).toThrow(/lists no URL/);
  });
});

describe("why a replica is down", () => {
  const failure = (code: string | undefined, message: string) => Object.assign(new Error(message), { code });

  it("says it in a few words from the error's code, never from its message (which may hold a URL)", () => {
    const secret = "postgresql://reader:s3cret@db-replica:5432/claimbase";
    expect(failureReason(failure("ECONNREFUSED", `connect ECONNREFUSED ${secret}`))).toBe("connection refused");
    expect(failureReason(failure("57P03", "the database system is starting up"))).toMatch(/starting up/);
    expect(failureReason(failure("28P01", `password authentication failed: ${secret}`))).toBe("authentication failed");
    expect(failureReason(failure(undefined, "timeout exceeded when trying to connect"))).toBe("connection timed out");
    expect(failureReason(failure(undefined, "Connection terminated unexpectedly"))).toBe("connection lost");
    expect(failureReason(failure("XX000", secret))).toBe("check failed (SQLSTATE XX000)");
    expect(failureReason(failure(undefined, secret))).toBe("unreachable");
  });

  it("tells a lost connection from a statement's own failure", () => {
    expect(connectionLost(failure("ECONNREFUSED", "refused"))).toBe(true);
    expect(connectionLost(failure("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(connectionLost(failure("57014", "canceling statement due to statement timeout"))).toBe(false);
    expect(connectionLost(failure("40001", "could not serialize access"))).toBe(false);
    expect(connectionLost(failure("22P02", "invalid input syntax"))).toBe(false);
  });
});
