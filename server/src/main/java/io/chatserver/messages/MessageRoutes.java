package io.chatserver.messages;

import io.chatserver.auth.Authn;
import io.chatserver.core.ApiException;
import io.chatserver.metrics.Metrics;
import io.chatserver.edge.JsonBody;
import io.chatserver.http.Params;
import io.chatserver.http.Responses;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * /api/messages (public room) and /api/messages/private/{other_user_id} (private chats): history, sending,
 * deleting and catch-up ({@code .../changes}, decision 33).
 */
public final class MessageRoutes {

  private final MessageService messages;
  private final Authn authn;
  private final Metrics metrics;
  private final NewestPublicPages newestPages;
  private final RecentPublicChanges recentChanges;

  public MessageRoutes(MessageService messages, Authn authn, Metrics metrics, NewestPublicPages newestPages,
      RecentPublicChanges recentChanges) {
    this.newestPages = newestPages;
    this.recentChanges = recentChanges;
    this.messages = messages;
    this.authn = authn;
    this.metrics = metrics;
  }

  public void register(Router router) {
    router.get("/api/messages").handler(authn.required()).handler(this::publicHistory);
    router.get("/api/messages/changes").handler(authn.required()).handler(this::publicChanges);
    router.post("/api/messages").handler(authn.required()).handler(this::postPublic);
    router.delete("/api/messages/:message_id").handler(authn.required()).handler(this::deletePublic);
    router.get("/api/messages/private/:other_user_id").handler(authn.required()).handler(this::privateHistory);
    router.get("/api/messages/private/:other_user_id/changes").handler(authn.required())
        .handler(this::privateChanges);
    router.post("/api/messages/private/:other_user_id").handler(authn.required()).handler(this::postPrivate);
    router.delete("/api/messages/private/:other_user_id/:message_id").handler(authn.required())
        .handler(this::deletePrivate);
  }

  private void publicHistory(RoutingContext ctx) {
    Page page = page(ctx);
    if (page.before() != null) {
      Responses.send(ctx, 200, messages.publicHistory(page),
          list -> MessageListJson.messages(list, MessageListJson::publicMessage));
      return;
    }
    // The newest page: from memory when held (C111), else read, encoded once and kept.
    byte[] held = newestPages.get(page.limit());
    if (held != null) {
      Responses.encoded(ctx, 200, held);
      return;
    }
    long epoch = newestPages.epoch();
    messages.publicHistory(page).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      byte[] encoded;
      try {
        encoded = MessageListJson.messages(ar.result(), MessageListJson::publicMessage).getBytes();
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
      newestPages.keep(epoch, page.limit(), encoded);
      Responses.encoded(ctx, 200, encoded);
    });
  }

  private void postPublic(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String content = body.requiredString("content");
    String clientId = body.string("client_id");
    Responses.send(ctx, 201, replayed(ctx, messages.postPublic(Authn.user(ctx).userId(), content, clientId)),
        sent -> MessageJson.sent(sent, clientId, MessageJson::publicMessage));
  }

  private void publicChanges(RoutingContext ctx) {
    long since = since(ctx);
    int limit = limit(ctx);
    metrics.catchUp();
    byte[] held = recentChanges.since(since, limit); // C120: a recent since, from memory
    if (held != null) {
      Responses.encoded(ctx, 200, held);
      return;
    }
    Responses.send(ctx, 200, messages.publicChanges(since, limit),
        page -> MessageListJson.changes(page, MessageListJson::publicMessage));
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
        list -> MessageListJson.messages(list, MessageListJson::privateMessage));
  }

  private void postPrivate(RoutingContext ctx) {
    long other = Params.pathId(ctx, "other_user_id");
    JsonBody body = JsonBody.of(ctx);
    String content = body.requiredString("content");
    String clientId = body.string("client_id");
    Responses.send(ctx, 201, replayed(ctx, messages.postPrivate(Authn.user(ctx).userId(), other, content, clientId)),
        sent -> MessageJson.sent(sent, clientId, MessageJson::privateMessage));
  }

  private void privateChanges(RoutingContext ctx) {
    long other = Params.pathId(ctx, "other_user_id");
    long since = since(ctx);
    int limit = limit(ctx);
    metrics.catchUp();
    Responses.send(ctx, 200, messages.privateChanges(Authn.user(ctx).userId(), other, since, limit),
        page -> MessageListJson.changes(page, MessageListJson::privateMessage));
  }

  /** Decision 31: a repeat is answered like the original, and says so in a header. */
  private static <M> Future<Sent<M>> replayed(RoutingContext ctx, Future<Sent<M>> sent) {
    return sent.onSuccess(s -> {
      if (s.replayed()) {
        ctx.response().putHeader("Idempotent-Replayed", "true");
      }
    });
  }

  /** Decision 33: required, an integer >= 0. */
  private static long since(RoutingContext ctx) {
    Long since = Params.query(ctx, "since", 0, Long.MAX_VALUE);
    if (since == null) {
      throw ApiException.badRequest("since is required");
    }
    return since;
  }

  private void deletePrivate(RoutingContext ctx) {
    long other = Params.pathId(ctx, "other_user_id");
    long id = Params.pathId(ctx, "message_id");
    Responses.send(ctx, 200, messages.deletePrivate(Authn.user(ctx).userId(), other, id),
        v -> Responses.message("Message deleted"));
  }

  private static Page page(RoutingContext ctx) {
    int limit = limit(ctx);
    Long before = Params.query(ctx, "before", 1, Long.MAX_VALUE);
    return new Page(before, limit);
  }

  /** History and catch-up pages alike: 1-1000, 100 by default. */
  private static int limit(RoutingContext ctx) {
    Long limit = Params.query(ctx, "limit", 1, Page.MAX_LIMIT);
    return limit == null ? Page.DEFAULT_LIMIT : limit.intValue();
  }
}
