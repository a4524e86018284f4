package io.chatserver.files;

import io.chatserver.auth.Authn;
import io.chatserver.edge.JsonBody;
import io.chatserver.http.Params;
import io.chatserver.http.Responses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** /api/files: file metadata; every route needs a token. */
public final class FileRoutes {

  private final FileService files;
  private final Authn authn;

  public FileRoutes(FileService files, Authn authn) {
    this.files = files;
    this.authn = authn;
  }

  public void register(Router router) {
    for (String root : new String[] {"/api/files", "/api/files/"}) { // the same route, no redirect
      router.post(root).handler(authn.required()).handler(this::create);
      router.get(root).handler(authn.required()).handler(this::listOwn);
    }
    router.get("/api/files/public/:message_id").handler(authn.required()).handler(this::forPublicMessage);
    router.get("/api/files/private/:chat_id").handler(authn.required()).handler(this::forPrivateChat);
    router.get("/api/files/:file_id").handler(authn.required()).handler(this::get);
    router.delete("/api/files/:file_id").handler(authn.required()).handler(this::delete);
  }

  private void create(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    var file = new FileService.NewFile(
        body.requiredString("filename"),
        body.requiredString("file_url"),
        body.requiredLong("file_size"),
        body.optionalLong("public_message_id"),
        body.optionalLong("private_chat_id"));
    Responses.send(ctx, 201, files.create(Authn.user(ctx).userId(), file), FileJson::file);
  }

  private void listOwn(RoutingContext ctx) {
    Responses.send(ctx, 200, files.listOwn(Authn.user(ctx).userId()), FileRoutes::array);
  }

  private void get(RoutingContext ctx) {
    long id = Params.pathId(ctx, "file_id");
    Responses.send(ctx, 200, files.get(Authn.user(ctx).userId(), id),
        f -> new JsonObject().put("file", FileJson.file(f)));
  }

  private void delete(RoutingContext ctx) {
    long id = Params.pathId(ctx, "file_id");
    Responses.send(ctx, 200, files.delete(Authn.user(ctx).userId(), id), v -> Responses.message("File deleted"));
  }

  private void forPublicMessage(RoutingContext ctx) {
    long id = Params.pathId(ctx, "message_id");
    Responses.send(ctx, 200, files.forPublicMessage(id), list -> new JsonObject().put("files", array(list)));
  }

  private void forPrivateChat(RoutingContext ctx) {
    long id = Params.pathId(ctx, "chat_id");
    Responses.send(ctx, 200, files.forPrivateChat(Authn.user(ctx).userId(), id),
        list -> new JsonObject().put("files", array(list)));
  }

  private static JsonArray array(List<FileRecord> list) {
    return new JsonArray(list.stream().map(FileJson::file).toList());
  }
}
