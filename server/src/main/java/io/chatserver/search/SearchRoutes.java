package io.chatserver.search;

import io.chatserver.auth.Authn;
import io.chatserver.http.Params;
import io.chatserver.http.Responses;
import io.chatserver.messages.MessageJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** GET /api/search?q=&limit=&cursor= (decision 43). */
public final class SearchRoutes {

  private final SearchService search;
  private final Authn authn;

  public SearchRoutes(SearchService search, Authn authn) {
    this.search = search;
    this.authn = authn;
  }

  public void register(Router router) {
    router.get("/api/search").handler(authn.required()).handler(this::search);
  }

  private void search(RoutingContext ctx) {
    Long limit = Params.query(ctx, "limit", 1, SearchService.MAX_LIMIT);
    Responses.send(ctx, 200, search.search(Authn.user(ctx).userId(), first(ctx, "q"),
        limit == null ? SearchService.DEFAULT_LIMIT : limit.intValue(), first(ctx, "cursor")), SearchRoutes::page);
  }

  private static String first(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** Each result is the usual message object of its kind plus {@code "type"}. */
  private static JsonObject page(SearchService.Results results) {
    JsonArray messages = new JsonArray();
    for (Found found : results.messages()) {
      messages.add(found.isPublic()
          ? MessageJson.publicMessage(found.publicMessage()).put("type", "public")
          : MessageJson.privateMessage(found.privateMessage()).put("type", "private"));
    }
    return new JsonObject().put("messages", messages).put("next_cursor", results.nextCursor());
  }
}
