package io.chatserver;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * One production server per test class: started before the class's own {@code @BeforeAll} methods run,
 * handed to its static {@link TestServer} field, closed after its {@code @AfterAll} methods. Use it
 * with {@code @ExtendWith(TestServerExtension.class)} and a {@code static TestServer server} field; a
 * class that needs other settings starts its own with {@link TestServer#start(java.nio.file.Path, java.util.Map)}.
 */
public final class TestServerExtension implements BeforeAllCallback, AfterAllCallback {

  private static final Namespace NS = Namespace.create(TestServerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    TestServer server = TestServer.start();
    context.getStore(NS).put(TestServer.class, server);
    Field field = serverField(context.getRequiredTestClass());
    field.setAccessible(true);
    field.set(null, server);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    TestServer server = context.getStore(NS).remove(TestServer.class, TestServer.class);
    if (server != null) server.close();
  }

  private static Field serverField(Class<?> testClass) {
    for (Field f : testClass.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == TestServer.class) return f;
    }
    throw new IllegalStateException(testClass.getSimpleName() + " has no static TestServer field to receive the server");
  }
}
