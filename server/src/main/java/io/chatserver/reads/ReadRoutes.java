package io.chatserver.reads;

import io.chatserver.auth.Authn;
import io.chatserver.core.NumberRules;
import io.chatserver.edge.JsonBody;
import io.chatserver.http.Params;
import io.chatserver.http.Responses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/chats} (decision 38) and the read positions' REST routes (decision 39). */
public final class ReadRoutes {

  private final ReadService reads;
  private final Authn authn;

  public ReadRoutes(ReadService reads, Authn authn) {
    this.reads = reads;
    this.authn = authn;
  }

  public void register(Router router) {
    router.get("/api/chats").handler(authn.required()).handler(this::chatList);
    router.post("/api/messages/read").handler(authn.required()).handler(this::markPublicRead);
    router.post("/api/messages/private/:other_user_id/read").handler(authn.required())
        .handler(this::markPrivateRead);
  }

  private void chatList(RoutingContext ctx) {
    Responses.send(ctx, 200, reads.chatList(Authn.user(ctx).userId()), ReadJson::chatList);
  }

  private void markPublicRead(RoutingContext ctx) {
    long seq = seq(JsonBody.of(ctx));
    Responses.send(ctx, 200, reads.markPublicRead(Authn.user(ctx).userId(), seq), ReadJson::publicEntry);
  }

  private void markPrivateRead(RoutingContext ctx) {
    long other = Params.pathId(ctx, "other_user_id");
    long seq = seq(JsonBody.of(ctx));
    Responses.send(ctx, 200, reads.markPrivateRead(Authn.user(ctx).userId(), other, seq), ReadJson::chatEntry);
  }

  /** Decision 39: a required integer >= 0 (the socket event reads it the same way). */
  private static long seq(JsonBody body) {
    return NumberRules.seq(body.requiredLong("seq"));
  }
}
