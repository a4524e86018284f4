package io.chatserver.http;

import io.chatserver.core.InvalidConfig;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of IP addresses and CIDR ranges ({@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code fd00::/8}), e.g.
 * the trusted proxies. Only literal addresses are accepted: a host name would need DNS at start-up.
 */
public final class IpRanges {

  public static final IpRanges NONE = new IpRanges(List.of());

  private final List<IpSubnetFilterRule> rules;

  private IpRanges(List<IpSubnetFilterRule> rules) {
    this.rules = rules;
  }

  /** Parses entries as read from the environment; a malformed one is a configuration error. */
  public static IpRanges parse(String setting, List<String> entries) {
    List<IpSubnetFilterRule> rules = new ArrayList<>();
    for (String entry : entries) {
      int slash = entry.indexOf('/');
      InetAddress address = literal(slash < 0 ? entry : entry.substring(0, slash));
      int bits = address == null ? -1 : address.getAddress().length * 8;
      int prefix = bits;
      if (address != null && slash >= 0) {
        prefix = prefix(entry.substring(slash + 1), bits);
      }
      if (address == null || prefix < 0) {
        throw new InvalidConfig(setting + ": '" + entry + "' is not an IP address or CIDR range");
      }
      rules.add(new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT));
    }
    return new IpRanges(List.copyOf(rules));
  }

  /** Whether {@code address} (a literal IP, as Vert.x reports a peer) is in one of the ranges. */
  public boolean contains(String address) {
    if (rules.isEmpty() || address == null) {
      return false;
    }
    InetAddress ip = literal(address);
    if (ip == null) {
      return false;
    }
    InetSocketAddress peer = new InetSocketAddress(ip, 0);
    for (IpSubnetFilterRule rule : rules) {
      if (rule.matches(peer)) {
        return true;
      }
    }
    return false;
  }

  private static InetAddress literal(String text) {
    return NetUtil.createInetAddressFromIpAddressString(text.trim()); // null unless an IP literal: no DNS
  }

  private static int prefix(String text, int bits) {
    if (!text.matches("[0-9]{1,3}")) {
      return -1;
    }
    int prefix = Integer.parseInt(text);
    return prefix <= bits ? prefix : -1;
  }
}
