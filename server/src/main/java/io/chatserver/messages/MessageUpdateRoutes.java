package io.chatserver.messages;

import io.chatserver.auth.Authn;
import io.chatserver.edge.JsonBody;
import io.chatserver.http.Params;
import io.chatserver.http.Responses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Editing (decision 41: PATCH on a message) and reactions (decision 42: PUT and DELETE on
 * {@code .../reactions/{emoji}}), in the public room and in private chats. Each answers 200 with the
 * message as it is now.
 */
public final class MessageUpdateRoutes {

  private static final String PUBLIC = "/api/messages/:message_id";
  private static final String PRIVATE = "/api/messages/private/:other_user_id/:message_id";
  private static final String REACTION = "/reactions/:emoji";

  private final MessageUpdateService updates;
  private final Authn authn;

  public MessageUpdateRoutes(MessageUpdateService updates, Authn authn) {
    this.updates = updates;
    this.authn = authn;
  }

  public void register(Router router) {
    router.patch(PUBLIC).handler(authn.required()).handler(this::editPublic);
    router.put(PUBLIC + REACTION).handler(authn.required()).handler(ctx -> reactPublic(ctx, true));
    router.delete(PUBLIC + REACTION).handler(authn.required()).handler(ctx -> reactPublic(ctx, false));
    router.patch(PRIVATE).handler(authn.required()).handler(this::editPrivate);
    router.put(PRIVATE + REACTION).handler(authn.required()).handler(ctx -> reactPrivate(ctx, true));
    router.delete(PRIVATE + REACTION).handler(authn.required()).handler(ctx -> reactPrivate(ctx, false));
  }

  private void editPublic(RoutingContext ctx) {
    long id = Params.pathId(ctx, "message_id");
    String content = JsonBody.of(ctx).requiredString("content");
    Responses.send(ctx, 200, updates.editPublic(Authn.user(ctx).userId(), id, content),
        u -> MessageJson.publicMessage(u.message()));
  }

  private void editPrivate(RoutingContext ctx) {
    long other = Params.pathId(ctx, "other_user_id");
    long id = Params.pathId(ctx, "message_id");
    String content = JsonBody.of(ctx).requiredString("content");
    Responses.send(ctx, 200, updates.editPrivate(Authn.user(ctx).userId(), other, id, content),
        u -> MessageJson.privateMessage(u.message()));
  }

  /** The emoji comes URL-decoded by the router ({@code %F0%9F%91%8D} is 👍). */
  private void reactPublic(RoutingContext ctx, boolean add) {
    long id = Params.pathId(ctx, "message_id");
    Responses.send(ctx, 200, updates.reactPublic(Authn.user(ctx).userId(), id, ctx.pathParam("emoji"), add),
        u -> MessageJson.publicMessage(u.message()));
  }

  private void reactPrivate(RoutingContext ctx, boolean add) {
    long other = Params.pathId(ctx, "other_user_id");
    long id = Params.pathId(ctx, "message_id");
    Responses.send(ctx, 200,
        updates.reactPrivate(Authn.user(ctx).userId(), other, id, ctx.pathParam("emoji"), add),
        u -> MessageJson.privateMessage(u.message()));
  }
}
