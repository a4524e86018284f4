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

/**
 * Migration V7 on a database that already holds users, chats and messages (C83): the public history is
 * read by everyone, and each participant of a chat has read up to their own newest message there.
 */
class ReadStateMigrationTest {

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void existingUsersAndChatsStartWhereTheirOwnSendsLeftThem(String vendor) throws Exception {
    PgSchema schema = vendor.equals("postgresql") ? new PgSchema() : null;
    String url = schema != null ? schema.url()
        : "jdbc:sqlite:" + Files.createTempDirectory("v7").resolve("chat.db");
    Vertx vertx = Vertx.vertx();
    try {
      Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/" + vendor).target("5")
          .load().migrate();
      Jdbi.create(url).useHandle(h -> {
        for (String name : List.of("a", "b", "c")) {
          h.execute("INSERT INTO users (username, username_key, email, email_key, password_hash, created_at)"
              + " VALUES (?, ?, ?, ?, 'h', 1)", name, name, name + "@x.io", name + "@x.io");
        }
        h.execute("INSERT INTO public_messages (user_id, content, created_at, seq, created_seq) VALUES (2, 'p', 1, 1, 1)");
        h.execute("INSERT INTO public_messages (user_id, content, created_at, seq, created_seq) VALUES (3, 'p', 1, 2, 2)");
        h.execute("UPDATE public_room SET latest_seq = 2");
        h.execute("INSERT INTO private_chats (user_low, user_high, created_at, latest_seq) VALUES (1, 2, 1, 3)");
        h.execute("INSERT INTO private_chats (user_low, user_high, created_at, latest_seq) VALUES (1, 3, 1, 1)");
        long[][] sends = {{1, 1, 1}, {1, 2, 2}, {1, 1, 3}, {2, 3, 1}}; // chat, sender, seq
        for (long[] s : sends) {
          h.execute("INSERT INTO private_messages (chat_id, sender_id, content, created_at, seq, created_seq)"
              + " VALUES (?, ?, 'x', 1, ?, ?)", s[0], s[1], s[2], s[2]);
        }
      });
      try (Database db = Database.open(vertx, url, 2)) {
        db.read(h -> {
          assertThat(h.createQuery("SELECT last_read_seq FROM public_reads ORDER BY user_id").mapTo(Long.class).list())
              .containsExactly(2L, 2L, 2L);
          assertThat(h.createQuery("SELECT low_read_seq FROM private_chats ORDER BY id").mapTo(Long.class).list())
              .containsExactly(3L, 0L);
          assertThat(h.createQuery("SELECT high_read_seq FROM private_chats ORDER BY id").mapTo(Long.class).list())
              .containsExactly(2L, 1L);
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
