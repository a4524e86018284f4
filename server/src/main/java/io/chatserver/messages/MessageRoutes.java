package io.chatserver.messages;

import io.chatserver.auth.Authn;
import io.chatserver.http.JsonBody;
import io.chatserver.http.Params;
import io.chatserver.http.Responses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/** /api/messages (public room) and /api/messages/private/{other_user_id} (private chats). */
public final class MessageRoutes {

  private final MessageService messages;
  private final Authn authn;

  public MessageRoutes(MessageService messages, Authn authn) {
    this.messages = messages;
    this.authn = authn;
  }

  public void register(Router router) {
    router.get("/api/messages").handler(authn.required()).handler(this::publicHistory);
    router.post("/api/messages").handler(authn.required()).handler(this::postPublic);
    router.delete("/api/messages/:message_id").handler(authn.required()).handler(this::deletePublic);
    router.get("/api/messages/private/:other_user_id").handler(authn.required()).handler(this::privateHistory);
    router.post("/api/messages/private/:other_user_id").handler(authn.required()).handler(this::postPrivate);
    router.delete("/api/messages/private/:other_user_id/:message_id").handler(authn.required())
        .handler(this::deletePrivate);
  }

  private void publicHistory(RoutingContext ctx) {
    Page page = page(ctx);
    Responses.send(ctx, 200, messages.publicHistory(page), list -> list(list, MessageJson::publicMessage));
  }

  private void postPublic(RoutingContext ctx) {
    String content = JsonBody.of(ctx).requiredString("content");
    Responses.send(ctx, 201, messages.postPublic(Authn.user(ctx).userId(), content), MessageJson::publicMessage);
  }

  private void deletePublic(RoutingContext ctx) {
    long id = Params.pathId(ctx, "message_id");
    Responses.send(ctx, 200, messages.deletePublic(Authn.user(ctx).userId(), id),
        v -> Responses.message("Message deleted"));
  }

  private void privateHistory(RoutingContext ctx) {
    long other = Params.pathId(ctx, "other_user_id");
    Page page = page(ctx);
    Responses.send(ctx, 200, messages.privateHistory(Authn.user(ctx).userId(), other, page),
        list -> list(list, MessageJson::privateMessage));
  }

  private void postPrivate(RoutingContext ctx) {
    long other = Params.pathId(ctx, "other_user_id");
    String content = JsonBody.of(ctx).requiredString("content");
    Responses.send(ctx, 201, messages.postPrivate(Authn.user(ctx).userId(), other, content),
        MessageJson::privateMessage);
  }

  private void deletePrivate(RoutingContext ctx) {
    long other = Params.pathId(ctx, "other_user_id");
    long id = Params.pathId(ctx, "message_id");
    Responses.send(ctx, 200, messages.deletePrivate(Authn.user(ctx).userId(), other, id),
        v -> Responses.message("Message deleted"));
  }

  private static Page page(RoutingContext ctx) {
    Long limit = Params.query(ctx, "limit", 1, Page.MAX_LIMIT);
    Long before = Params.query(ctx, "before", 1, Long.MAX_VALUE);
    return new Page(before, limit == null ? Page.DEFAULT_LIMIT : limit.intValue());
  }

  private static <T> JsonObject list(List<T> items, Function<T, JsonObject> encode) {
    return new JsonObject().put("messages", new JsonArray(items.stream().map(encode).toList()));
  }
}
