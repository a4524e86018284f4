package io.chatserver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs/architecture.md, checked on the compiled classes of the server and the
 * socketio modules: the wiring runs one way, from the root package down to the features.
 */
class ArchitectureTest {

  /** Every package of the chat server below the root; the socketio modules are not among them. */
  private static final String[] CHAT_PACKAGES = {
      "io.chatserver", "io.chatserver.auth..", "io.chatserver.users..", "io.chatserver.messages..",
      "io.chatserver.chats..", "io.chatserver.files..", "io.chatserver.search..", "io.chatserver.reads..", "io.chatserver.events..", "io.chatserver.http..",
      "io.chatserver.db..", "io.chatserver.realtime..", "io.chatserver.ops..", "io.chatserver.core..",
      "io.chatserver.edge..", "io.chatserver.web.."};

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.chatserver");
  }

  /**
   * The layers (the domain features, the HTTP helpers, the database, the real-time layer, operations,
   * the core, the socketio modules) depend on each other one way only. Inside the domain the features
   * still refer to each other both ways (see docs/architecture.md, "Known cycles"), so they count as
   * one slice here.
   */
  @Test
  void layersAreFreeOfCycles() {
    slices().assignedFrom(LAYERS).should().beFreeOfCycles().check(classes);
  }

  private static final Set<String> DOMAIN = Set.of("auth", "users", "messages", "chats", "files", "events", "search", "reads");

  private static final SliceAssignment LAYERS = new SliceAssignment() {
    @Override public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String name = javaClass.getPackageName();
      if (!name.startsWith("io.chatserver.")) {
        return SliceIdentifier.ignore(); // the root package, the top layer, is checked below
      }
      String first = name.substring("io.chatserver.".length()).split("\\.")[0];
      return SliceIdentifier.of(DOMAIN.contains(first) ? "domain" : first);
    }

    @Override public String getDescription() {
      return "layers of io.chatserver (the domain features as one)";
    }
  };

  @Test
  void socketIoKnowsNothingOfChat() {
    noClasses().that().resideInAPackage("io.chatserver.socketio..")
        .should().dependOnClassesThat().resideInAnyPackage(CHAT_PACKAGES)
        .check(classes);
  }

  /** Main, ChatServer and Config are the top layer: they build everything and nothing reaches back. */
  @Test
  void noPackageDependsOnTheRootPackage() {
    noClasses().that().resideOutsideOfPackage("io.chatserver")
        .should().dependOnClassesThat().resideInAPackage("io.chatserver")
        .check(classes);
  }

  /**
   * The typed error and the rules of text and numbers are plain Java, so both edges and every service may
   * use them.
   */
  @Test
  void coreIsALeaf() {
    classes().that().resideInAPackage("io.chatserver.core..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.chatserver.core..")
        .check(classes);
  }

  /**
   * What both edges share (typed JSON reading, the drain, the last answer, timestamps) knows no chat
   * package but the core: the REST edge and the socket edge both stand on it.
   */
  @Test
  void edgeIsALeaf() {
    noClasses().that().resideInAPackage("io.chatserver.edge..")
        .should().dependOnClassesThat().resideInAnyPackage(without(CHAT_PACKAGES, "io.chatserver.core..", "io.chatserver.edge.."))
        .check(classes);
  }

  /** The socket edge does not reach sideways into the REST edge: what they share is in {@code edge}. */
  @Test
  void realtimeDoesNotDependOnHttp() {
    noClasses().that().resideInAPackage("io.chatserver.realtime..")
        .should().dependOnClassesThat().resideInAPackage("io.chatserver.http..")
        .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Routes")
        .check(classes);
  }

  private static String[] without(String[] packages, String... dropped) {
    return Arrays.stream(packages).filter(p -> !List.of(dropped).contains(p)).toArray(String[]::new);
  }

  /** Vert.x's internal API is named in one class, which falls back to the public API (decisions C90, C114). */
  @Test
  void vertxInternalsOnlyInVertxInternals() {
    noClasses().that().doNotBelongToAnyOf(io.chatserver.socketio.engine.VertxInternals.class)
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx.core.internal..", "io.vertx.core.http.impl..",
            "io.vertx.core.impl..", "io.vertx.core.net.impl..", "io.vertx.core.streams.impl..")
        .check(classes);
  }
}
