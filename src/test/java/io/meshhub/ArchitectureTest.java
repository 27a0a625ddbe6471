package io.meshhub;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.meshhub.auth.OwnerRoutes;
import io.meshhub.history.History;
import io.vertx.core.Vertx;

import java.util.regex.Pattern;

/**
 * The structure the code keeps, held by a test rather than by memory: features talk through their addresses,
 * public records and small public interfaces; what they all share is the leaf package {@code core}; {@code app}
 * wires everything and nothing depends on it; the HTTP verticle serves the features' routes without knowing them.
 */
@AnalyzeClasses(packages = "io.meshhub", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String APP = "io.meshhub.app..";
  private static final String CORE = "io.meshhub.core..";
  private static final String HTTP = "io.meshhub.http..";
  private static final String[] FEATURES = {"io.meshhub.auth..", "io.meshhub.daemons..", "io.meshhub.directives..",
    "io.meshhub.events..", "io.meshhub.history..", "io.meshhub.questions..", "io.meshhub.scheduler..",
    "io.meshhub.supervisor.."};

  @ArchTest
  static final ArchRule noCyclesBetweenPackages = slices().matching("io.meshhub.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule theLeafPackageDependsOnNoOtherPackageOfTheHub = classes().that().resideInAPackage(CORE)
    .should().onlyDependOnClassesThat(resideInAPackage(CORE).or(resideOutsideOfPackage("io.meshhub..")))
    .because("core is what every feature shares; it knows none of them");

  @ArchTest
  static final ArchRule onlyTheEntryPointDependsOnApp = noClasses().that().resideOutsideOfPackage(APP)
    .and().doNotBelongToAnyOf(Main.class)
    .should().dependOnClassesThat().resideInAPackage(APP)
    .because("app wires the hub together; features get what they need when they are deployed");

  @ArchTest
  static final ArchRule noFeatureDependsOnTheHttpServer = noClasses().that().resideInAnyPackage(FEATURES)
    .should().dependOnClassesThat().resideInAPackage(HTTP)
    .because("routes are handed to the HTTP verticle; request helpers live in core");

  @ArchTest
  static final ArchRule theHttpServerKnowsNoFeature = noClasses().that().resideInAPackage(HTTP)
    .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
    .because("the HTTP verticle serves whatever routes the application hands it");

  @ArchTest
  static final ArchRule repositoriesAreUsedOnlyByTheirFeature = classes().that().haveSimpleNameEndingWith("Repository")
    .should(beUsedOnlyFromTheirPackageOrApp())
    .because("a feature reads another's state through its small public interface, and changes it through its "
      + "addresses");

  @ArchTest
  static final ArchRule routesAreMountedOnlyByApp = classes().that().haveSimpleNameEndingWith("Routes")
    .or().haveSimpleNameEndingWith("Endpoint").and().resideInAnyPackage(FEATURES)
    .should(beUsedOnlyFromTheirPackageOrApp());

  /** Repository methods whose names say they change state. */
  private static final Pattern WRITES = Pattern.compile(
    "(insert|update|delete|patch|set|link|mark|record|move|settle|cancel|retry|complete|answer|claim|connect"
      + "|disconnect|heartbeat|handOut|takeBack|store|add|revoke|create|interrupt|assign|unassign|lose).*");

  /**
   * Owners and keys are the one exception: no verticle owns them in the architecture (each change is one guarded
   * statement, and a revocation is announced on the bus), so their routes write them.
   */
  @ArchTest
  static final ArchRule routesOnlyRead = noClasses().that().haveSimpleNameEndingWith("Routes")
    .and().doNotBelongToAnyOf(OwnerRoutes.class)
    .should().dependOnClassesThat().areAssignableTo(History.class)
    .orShould().callMethodWhere(DescribedPredicate.describe("a repository method that writes", call ->
      call.getTargetOwner().getSimpleName().endsWith("Repository") && WRITES.matcher(call.getName()).matches()))
    .because("a state change goes through the address of the verticle that owns the state; routes read");

  @ArchTest
  static final ArchRule verticlesAreDeployedOnlyByApp = noClasses().that().resideOutsideOfPackage(APP)
    .should().callMethodWhere(DescribedPredicate.describe("Vertx.deployVerticle",
      call -> "deployVerticle".equals(call.getTarget().getName())
        && call.getTargetOwner().isAssignableTo(Vertx.class)));

  @ArchTest
  static final ArchRule noJdbcOutsideTheMigrations = noClasses().that().resideOutsideOfPackage(APP)
    .should().dependOnClassesThat().resideInAPackage("java.sql..")
    .because("the hub talks to Postgres through the reactive client; only the migrations use JDBC");

  @ArchTest
  static final ArchRule nothingSleeps = noClasses().should().callMethod(Thread.class, "sleep", long.class)
    .because("an event loop must never block: wait for an event, with a timer for the timeout");

  /** Every class that depends on it is in its own package, or in app (which wires the features together). */
  private static ArchCondition<JavaClass> beUsedOnlyFromTheirPackageOrApp() {
    return new ArchCondition<>("be used only from their own package or app") {
      @Override
      public void check(JavaClass used, ConditionEvents events) {
        for (Dependency dependency : used.getDirectDependenciesToSelf()) {
          JavaClass user = dependency.getOriginClass();
          boolean allowed = user.getPackageName().equals(used.getPackageName())
            || user.getPackageName().startsWith("io.meshhub.app");
          if (!allowed) {
            events.add(SimpleConditionEvent.violated(dependency, user.getName() + " uses " + used.getName()
              + " of another feature (" + dependency.getDescription() + ")"));
          }
        }
      }
    };
  }
}
