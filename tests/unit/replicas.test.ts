import { loadConfig } from "../../src/config";
import { formatLsn, parseLsn, replicaName } from "../../src/db/replicas";

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
    expect(loadConfig({}).replicas).toEqual({ urls: [], maxLagMs: 10_000, maxLagBytes: 0, checkIntervalMs: 1_000 });
    const config = loadConfig({
      DATABASE_REPLICA_URLS: " postgresql://a/db , postgres://b:5433/db ,",
      REPLICA_MAX_LAG_MS: "2500",
      REPLICA_MAX_LAG_BYTES: "1048576",
      REPLICA_CHECK_INTERVAL_MS: "250",
    });
    expect(config.replicas).toEqual({
      urls: ["postgresql://a/db", "postgres://b:5433/db"],
      maxLagMs: 2_500,
      maxLagBytes: 1_048_576,
      checkIntervalMs: 250,
    });
  });

  it("refuses a replica URL that is not a PostgreSQL URL, without echoing it (it may hold a password)", () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: "db-replica:5432" })).toThrow(/DATABASE_REPLICA_URLS/);
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: "mysql://u:pw@h/db" })).toThrow(/not postgresql/);
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: "mysql://u:pw@h/db" })).not.toThrow(/pw/);
    expect(() => loadConfig({ REPLICA_CHECK_INTERVAL_MS: "0" })).toThrow(/REPLICA_CHECK_INTERVAL_MS/);
  });
});
