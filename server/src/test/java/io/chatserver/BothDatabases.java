package io.chatserver;

import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Runs a parameterized test on SQLite and on PostgreSQL: {@code @ParameterizedTest(autoCloseArguments =
 * false) @ArgumentsSource(BothDatabases.class) void test(TestServer server)}. The two servers (the second
 * on a schema of its own) start once per test class, at its first such test, and close after its last.
 */
public final class BothDatabases implements ArgumentsProvider {

  private static final Namespace NS = Namespace.create(BothDatabases.class);

  @Override
  public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
    ExtensionContext classContext = context.getParent().orElseThrow();
    Servers servers = classContext.getStore(NS).getOrComputeIfAbsent(Servers.class, k -> Servers.start(), Servers.class);
    return Stream.of(Arguments.of(Named.of("sqlite", servers.sqlite)),
        Arguments.of(Named.of("postgresql", servers.postgres)));
  }

  /** Closed by JUnit with the class's store. */
  static final class Servers implements AutoCloseable {
    final TestServer sqlite;
    final PgSchema schema;
    final TestServer postgres;

    private Servers(TestServer sqlite, PgSchema schema, TestServer postgres) {
      this.sqlite = sqlite;
      this.schema = schema;
      this.postgres = postgres;
    }

    static Servers start() {
      try {
        PgSchema schema = new PgSchema();
        return new Servers(TestServer.start(), schema,
            TestServer.start(Files.createTempDirectory("chat-pg"), Map.of("DATABASE_URL", schema.url())));
      } catch (Exception e) {
        throw new IllegalStateException("test servers did not start", e);
      }
    }

    @Override
    public void close() throws Exception {
      sqlite.close();
      postgres.close();
      schema.close();
    }
  }
}
