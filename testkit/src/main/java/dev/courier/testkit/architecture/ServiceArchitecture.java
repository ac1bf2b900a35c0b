package dev.courier.testkit.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture every Courier service keeps (STYLE.md), as rules its {@code ArchitectureTest} checks on its main
 * classes. A service's code lives under {@code dev.courier.<service>}, one feature per package below it.
 */
public final class ServiceArchitecture {

    private final String root;
    private final JavaClasses classes;

    private ServiceArchitecture(Class<?> application) {
        this.root = application.getPackageName();
        this.classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(root);
    }

    /** The main classes of the service whose application class (in its root package) is {@code application}. */
    public static ServiceArchitecture of(Class<?> application) {
        return new ServiceArchitecture(application);
    }

    /** Feature packages ({@code dev.courier.<service>.<feature>..}) depend on each other without a cycle. */
    public void hasNoCyclesBetweenFeatures() {
        slices().matching(root + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(classes);
    }

    /** Of Courier's code, a service uses its own, {@code contracts} and {@code service-support}: no other service's. */
    public void sharesOnlyContractsAndSupport() {
        noClasses().should().dependOnClassesThat(resideInAPackage("dev.courier..")
                .and(not(resideInAnyPackage(root + "..", "dev.courier.contracts..", "dev.courier.support.."))))
                .check(classes);
    }

    /**
     * A controller reaches another feature's data through that feature's service, never its repository (a Spring Data
     * repository, a {@code @Repository}, a {@code *Repository}).
     */
    public void keepsControllersOffOtherFeaturesRepositories() {
        classes().that().areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
                .should(dependOnlyIf("use no repository of another feature", (controller, target) ->
                        target.getPackageName().equals(controller.getPackageName())
                                || !target.getName().startsWith(root + ".")
                                || !(target.getSimpleName().endsWith("Repository")
                                || target.isAnnotatedWith("org.springframework.stereotype.Repository")
                                || target.isAssignableTo("org.springframework.data.repository.Repository"))))
                .allowEmptyShould(true).check(classes);
    }

    /** A public top-level type is used from another package of its service; the rest are package-private. */
    public void keepsTypesPackagePrivateUnlessUsedElsewhere() {
        classes().that().arePublic().and().areTopLevelClasses()
                .and().areNotAnnotatedWith("org.springframework.boot.autoconfigure.SpringBootApplication")
                .should(new ArchCondition<>("be used from another package, or be package-private") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        if (type.getDirectDependenciesToSelf().stream().allMatch(dependency ->
                                dependency.getOriginClass().getPackageName().equals(type.getPackageName()))) {
                            events.add(SimpleConditionEvent.violated(type, type.getName() + " is public but only "
                                    + "its own package uses it"));
                        }
                    }
                })
                .allowEmptyShould(true).check(classes);
    }

    /**
     * The service's SQL (statements in its sources, {@code @Table} names) names only tables its own Flyway migrations
     * create: no service reads another's tables. Statements are the string literals and text blocks of
     * {@code src/main/java} that read like SQL; JPQL's entity names count as their tables.
     */
    public void readsOnlyItsOwnTables() {
        Set<String> own = matches(read(Path.of("src/main/resources/db/migration"), ".sql"), CREATE_TABLE);
        Set<String> named = new TreeSet<>();
        for (JavaClass type : classes) {
            if (type.isAnnotatedWith("jakarta.persistence.Entity")) {
                own.add(type.getSimpleName().toLowerCase(Locale.ROOT));
                type.tryGetAnnotationOfType("jakarta.persistence.Table").flatMap(table -> table.get("name"))
                        .ifPresent(name -> named.add(name.toString().toLowerCase(Locale.ROOT)));
            }
        }
        STRING.matcher(CHAR.matcher(read(Path.of("src/main/java"), ".java")).replaceAll("' '")).results()
                .map(match -> match.group(1) != null ? match.group(1) : match.group(2))
                .filter(text -> SQL.matcher(text).matches())
                .forEach(statement -> {
                    Set<String> tables = matches(statement, TABLE);
                    tables.removeAll(matches(statement, CTE));
                    named.addAll(tables);
                });
        named.removeAll(own);
        if (!named.isEmpty()) {
            throw new AssertionError(root + "'s SQL names tables its own migrations do not create: " + named);
        }
    }

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)");
    /** A text block or a string literal (char literals, which may hold a quote, are removed first). */
    private static final Pattern STRING = Pattern.compile(
            "\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    private static final Pattern CHAR = Pattern.compile("'(?:[^'\\\\\\n]|\\\\[^'\\n]{1,5})'");
    private static final Pattern SQL = Pattern.compile(
            "(?is)\\s*(select|insert|update|delete|with)\\s.*\\b(from|into|set)\\s.*");
    /** The name after from, join, into or update: not a subquery, a function or a locking clause. */
    private static final Pattern TABLE = Pattern.compile("(?i)\\b(?:from|join|into|update)\\s+"
            + "(?!select\\b|set\\b|lateral\\b|skip\\b|of\\b|nowait\\b)(\\w+)\\b(?!\\s*\\()");
    private static final Pattern CTE = Pattern.compile("(?i)\\b(\\w+)\\s+as\\s*(?:materialized\\s*)?\\(");

    private static Set<String> matches(String text, Pattern pattern) {
        Set<String> found = new TreeSet<>();
        pattern.matcher(text).results().forEach(match -> found.add(match.group(1).toLowerCase(Locale.ROOT)));
        return found;
    }

    private static String read(Path folder, String suffix) {
        if (!Files.isDirectory(folder)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(folder)) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(file -> file.toString().endsWith(suffix)).toList()) {
                all.append(Files.readString(file)).append('\n');
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ArchCondition<JavaClass> dependOnlyIf(String description, BiPredicate<JavaClass, JavaClass> allowed) {
        return new ArchCondition<>(description) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                origin.getDirectDependenciesFromSelf().stream()
                        .filter(dependency -> !allowed.test(origin, dependency.getTargetClass()))
                        .forEach(dependency -> events.add(SimpleConditionEvent.violated(origin,
                                dependency.getDescription())));
            }
        };
    }
}
