package io.chatserver.http;

import io.chatserver.core.InvalidConfig;
import io.netty.util.NetUtil;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who a request comes from, for rate limits: the TCP peer, unless the peer is a trusted proxy
 * (TRUSTED_PROXIES); then the right-most address of X-Forwarded-For that is not itself a trusted proxy.
 * Everything left of that was written by the client and is ignored, and the header of an untrusted peer
 * is never read, so nobody can pick their own address. An IPv6 client counts as its /64 network (what one
 * subscriber usually gets), or it could take a fresh address for every request.
 *
 * <p>As a route handler it puts itself in the context, and {@link #of(RoutingContext)} works the answer out
 * the first time a route asks (only the rate-limited ones do): most requests never need it.
 */
public final class ClientAddress implements Handler<RoutingContext> {

  private static final String KEY = "chat.clientAddress";
  private static final String RESOLVER = "chat.clientAddressResolver";
  private static final String FORWARDED_FOR = "X-Forwarded-For";

  private final IpRanges trusted;

  /** {@code trustedProxies}: IP addresses or CIDR ranges; throws {@link InvalidConfig} for others. */
  public ClientAddress(List<String> trustedProxies) {
    this.trusted = IpRanges.parse("TRUSTED_PROXIES", trustedProxies);
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.put(RESOLVER, this);
    ctx.next();
  }

  /** The client's address as the handler's settings read it (or, on a route without it, the peer's). */
  public static String of(RoutingContext ctx) {
    String address = ctx.get(KEY);
    if (address == null) {
      ClientAddress resolver = ctx.get(RESOLVER);
      address = resolver != null ? resolver.resolve(ctx.request()) : peerHost(ctx.request());
      ctx.put(KEY, address);
    }
    return address;
  }

  public String resolve(HttpServerRequest request) {
    String peerHost = peerHost(request);
    InetAddress client = NetUtil.createInetAddressFromIpAddressString(peerHost);
    if (client == null) {
      return peerHost; // not an IP peer (a Unix socket): nothing to interpret
    }
    if (!isTrusted(client)) {
      return key(client);
    }
    List<String> hops = forwardedFor(request);
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = NetUtil.createInetAddressFromIpAddressString(withoutPort(hops.get(i)));
      if (hop == null) {
        break; // not an address: stop at the last one a trusted proxy vouched for
      }
      client = hop;
      if (!isTrusted(hop)) {
        break;
      }
    }
    return key(client);
  }

  private boolean isTrusted(InetAddress address) {
    return trusted.contains(address.getHostAddress());
  }

  private static String peerHost(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    if (peer == null) {
      return "unknown";
    }
    return peer.hostAddress() != null ? peer.hostAddress() : String.valueOf(peer.host());
  }

  /** Every X-Forwarded-For header, in order, split into its comma-separated hops. */
  private static List<String> forwardedFor(HttpServerRequest request) {
    List<String> hops = new ArrayList<>();
    for (String header : request.headers().getAll(FORWARDED_FOR)) {
      for (String hop : header.split(",")) {
        if (!hop.isBlank()) {
          hops.add(hop.trim());
        }
      }
    }
    return hops;
  }

  /** {@code [2001:db8::1]:443} and {@code 192.0.2.1:443} (some proxies add the port) to the bare address. */
  private static String withoutPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end < 0 ? hop : hop.substring(1, end);
    }
    int colon = hop.indexOf(':');
    return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
  }

  private static String key(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] bytes = address.getAddress();
    StringBuilder network = new StringBuilder();
    for (int i = 0; i < 8; i += 2) {
      network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
    }
    return network.append(":/64").toString();
  }
}
