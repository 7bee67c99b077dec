import { describe, expect, it } from "vitest";
import { assertFeedAddressAllowed, classifyAddress, defaultFeedNetworkPolicy } from "./feed-network-policy";

describe("classifyAddress", () => {
  it("knows loopback, private and public addresses, IPv4-mapped IPv6 included", () => {
    expect(classifyAddress("127.0.0.1")).toBe("loopback");
    expect(classifyAddress("127.8.9.10")).toBe("loopback");
    expect(classifyAddress("::1")).toBe("loopback");
    expect(classifyAddress("::ffff:127.0.0.1")).toBe("loopback");
    for (const address of ["10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.10", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "fc00::1", "fd12:3456::1", "fe80::1", "::", "::ffff:10.0.0.1"]) {
      expect(classifyAddress(address), address).toBe("private");
    }
    for (const address of ["8.8.8.8", "172.32.0.1", "1.1.1.1", "2001:4860:4860::8888", "::ffff:8.8.4.4"]) {
      expect(classifyAddress(address), address).toBe("public");
    }
  });
});

describe("assertFeedAddressAllowed", () => {
  const publicOnly = { allowLoopback: false, allowPrivateNetworks: false };

  it("checks every address a name resolves to", async () => {
    const resolve = async (host: string) => (host === "sneaky.example" ? ["93.184.216.34", "169.254.169.254"] : ["93.184.216.34"]);
    await expect(assertFeedAddressAllowed("https://calendar.example/a.ics", publicOnly, resolve)).resolves.toBeUndefined();
    await expect(assertFeedAddressAllowed("https://sneaky.example/a.ics", publicOnly, resolve)).rejects.toMatchObject({
      reason: "forbidden",
      message: "Calendar feeds cannot be read from sneaky.example: it points to a private network address.",
    });
  });

  it("checks IP literals without DNS, and honours the policy's switches", async () => {
    const noDns = async () => {
      throw new Error("DNS must not be asked");
    };
    await expect(assertFeedAddressAllowed("http://[::1]:8080/a.ics", publicOnly, noDns)).rejects.toMatchObject({ reason: "forbidden" });
    await expect(assertFeedAddressAllowed("http://[::1]:8080/a.ics", { allowLoopback: true, allowPrivateNetworks: false }, noDns)).resolves.toBeUndefined();
    await expect(assertFeedAddressAllowed("http://192.168.1.5/a.ics", { allowLoopback: false, allowPrivateNetworks: true }, noDns)).resolves.toBeUndefined();
  });

  it("reports a name that does not resolve as transient", async () => {
    const nxdomain = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.invalid"), { code: "ENOTFOUND" });
    };
    await expect(assertFeedAddressAllowed("https://nowhere.invalid/a.ics", publicOnly, nxdomain)).rejects.toMatchObject({
      reason: "transient",
      message: "Could not find the host nowhere.invalid (getaddrinfo ENOTFOUND nowhere.invalid).",
    });
  });

  it("allows loopback outside production only", () => {
    expect(defaultFeedNetworkPolicy()).toEqual({ allowLoopback: process.env.NODE_ENV !== "production", allowPrivateNetworks: false });
  });
});
