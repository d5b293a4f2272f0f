/**
 * The relays the pages' policy names (FLOODTWIN_DRILL_RELAYS): LAN or loopback ws:// origins only,
 * and a bad entry is an error naming the variable and the entry.
 */
import { describe, expect, it } from 'vitest';
import { drillRelayOrigins } from '../../src/relay/relayOrigins.ts';
import { serverCsp } from '../../src/feeds/feedOriginsOnDisk.ts';

describe('drillRelayOrigins', () => {
  it('keeps LAN and loopback ws:// origins, nothing by default', () => {
    expect(drillRelayOrigins(undefined)).toEqual([]);
    expect(drillRelayOrigins('')).toEqual([]);
    expect(drillRelayOrigins('ws://192.168.1.20:8787/room, wss://wallpc:8787,ws://127.0.0.1:9000')).toEqual([
      'ws://192.168.1.20:8787',
      'wss://wallpc:8787',
      'ws://127.0.0.1:9000',
    ]);
  });
  it('refuses internet hosts and other schemes, naming the entry', () => {
    expect(() => drillRelayOrigins('ws://relay.example.com:8787')).toThrow(
      /FLOODTWIN_DRILL_RELAYS: "ws:\/\/relay.example.com:8787" is not a ws:\/\/ origin on this machine or the LAN/,
    );
    expect(() => drillRelayOrigins('ws://8.8.8.8:8787')).toThrow(/not a ws:\/\/ origin/);
    expect(() => drillRelayOrigins('http://10.0.0.5:8787')).toThrow(/not a ws:\/\/ origin/);
    expect(() => drillRelayOrigins('nonsense')).toThrow(/"nonsense" is not a URL/);
  });
  it("goes into the servers' connect-src", () => {
    expect(serverCsp('no-such-dir', ['ws://10.0.0.7:8787'])).toContain("connect-src 'self' ws://10.0.0.7:8787;");
  });
});
