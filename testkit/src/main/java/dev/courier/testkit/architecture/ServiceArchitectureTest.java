package dev.courier.testkit.architecture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rules of {@link ServiceArchitecture} as tests: a service's {@code ArchitectureTest} extends this with its
 * application class. One instance for all the rules, so the service's classes are read once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServiceArchitectureTest {

    private final ServiceArchitecture service;

    protected ServiceArchitectureTest(Class<?> application) {
        this.service = ServiceArchitecture.of(application);
    }

    @Test
    public void featurePackagesHaveNoCycles() {
        service.hasNoCyclesBetweenFeatures();
    }

    @Test
    public void onlyContractsAndServiceSupportAreShared() {
        service.sharesOnlyContractsAndSupport();
    }

    @Test
    public void controllersNeverTouchAnotherFeaturesRepositories() {
        service.keepsControllersOffOtherFeaturesRepositories();
    }

    @Test
    public void typesArePackagePrivateUnlessAnotherPackageUsesThem() {
        service.keepsTypesPackagePrivateUnlessUsedElsewhere();
    }

    @Test
    public void itsSqlNamesOnlyItsOwnTables() {
        service.readsOnlyItsOwnTables();
    }
}
