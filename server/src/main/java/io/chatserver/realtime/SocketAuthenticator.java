package io.chatserver.realtime;

import io.chatserver.auth.AuthService;
import io.chatserver.core.ApiException;
import io.chatserver.socketio.ConnectMiddleware;
import io.chatserver.socketio.Handshake;
import io.chatserver.socketio.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decision 19: the token comes from the handshake's {@code auth: {token}} or from {@code ?token=}; a
 * missing, invalid, expired or revoked one is refused with a connect error, so the socket never joins
 * anything. The same {@link AuthService#authenticate} as REST decides. A recovering socket (decision 34)
 * is checked the same way, so a revoked token or a deleted user gets a connect error and none of the
 * missed packets, and its restored session must be the token's user's.
 */
final class SocketAuthenticator implements ConnectMiddleware {

  private static final Logger log = LoggerFactory.getLogger(SocketAuthenticator.class);

  private final AuthService auth;

  SocketAuthenticator(AuthService auth) {
    this.auth = auth;
  }

  @Override
  public void handle(Socket socket, Next next) {
    String token = tokenOf(socket.handshake());
    if (token == null) {
      next.refuseAndClose("Authentication required: pass auth {token} or ?token=");
      return;
    }
    auth.authenticate(token)
        .onSuccess(user -> {
          // Decision 34: a recovered session is taken back only by its own user, checked before any replay.
          if (socket.recovered() && SocketUser.from(socket.data()).id() != user.userId()) {
            next.refuseAndClose("This session belongs to another user");
            return;
          }
          SocketUser.of(user).storeIn(socket);
          next.accept();
        })
        .onFailure(error -> {
          if (error instanceof ApiException e) {
            next.refuseAndClose(e.getMessage());
          } else {
            log.warn("Socket authentication failed unexpectedly", error);
            next.refuseAndClose("Service unavailable, try again later");
          }
        });
  }

  private static String tokenOf(Handshake handshake) {
    String token = handshake.auth().getValue("token") instanceof String s ? s : handshake.query().get("token");
    if (token == null || token.isBlank()) {
      return null;
    }
    token = token.trim();
    return token.regionMatches(true, 0, "Bearer ", 0, 7) ? token.substring(7).trim() : token;
  }
}
