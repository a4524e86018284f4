package io.chatserver.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.PgSchema;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Migration V3 on a database that already holds messages: seqs 1..n per conversation in id order. */
class DeliveryMigrationTest {

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void existingMessagesAreNumberedInIdOrder(String vendor) throws Exception {
    PgSchema schema = vendor.equals("postgresql") ? new PgSchema() : null;
    String url = schema != null ? schema.url()
        : "jdbc:sqlite:" + Files.createTempDirectory("v3").resolve("chat.db");
    Vertx vertx = Vertx.vertx();
    try {
      Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/" + vendor).target("2")
          .load().migrate();
      Jdbi.create(url).useHandle(h -> {
        for (String name : List.of("a", "b", "c")) {
          h.execute("INSERT INTO users (username, username_key, email, email_key, password_hash, created_at)"
              + " VALUES (?, ?, ?, ?, 'h', 1)", name, name, name + "@x.io", name + "@x.io");
        }
        h.execute("INSERT INTO private_chats (user_low, user_high, created_at) VALUES (1, 2, 1)");
        h.execute("INSERT INTO private_chats (user_low, user_high, created_at) VALUES (1, 3, 1)");
        for (int i = 0; i < 3; i++) {
          h.execute("INSERT INTO public_messages (user_id, content, created_at) VALUES (1, 'p', ?)", 100 + i);
          h.execute("INSERT INTO private_messages (chat_id, sender_id, content, created_at) VALUES (1, 1, 'x', 5)");
          h.execute("INSERT INTO private_messages (chat_id, sender_id, content, created_at) VALUES (2, 3, 'y', 5)");
        }
      });
      try (Database db = Database.open(vertx, url, 2)) {
        db.read(h -> {
          assertThat(h.createQuery("SELECT seq FROM public_messages ORDER BY id").mapTo(Long.class).list())
              .containsExactly(1L, 2L, 3L);
          assertThat(h.createQuery("SELECT changed_at FROM public_messages ORDER BY id").mapTo(Long.class).list())
              .containsExactly(100L, 101L, 102L);
          assertThat(h.createQuery("SELECT latest_seq FROM public_room").mapTo(Long.class).one()).isEqualTo(3);
          assertThat(h.createQuery("SELECT seq FROM private_messages WHERE chat_id = 2 ORDER BY id")
              .mapTo(Long.class).list()).containsExactly(1L, 2L, 3L);
          assertThat(h.createQuery("SELECT latest_seq FROM private_chats ORDER BY id").mapTo(Long.class).list())
              .containsExactly(3L, 3L);
          return null;
        }).await(10, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      if (schema != null) {
        schema.close();
      }
    }
  }
}
