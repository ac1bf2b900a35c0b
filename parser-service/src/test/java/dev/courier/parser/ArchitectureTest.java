package dev.courier.parser;

import dev.courier.testkit.architecture.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** The architecture every Courier service keeps (STYLE.md), checked on this one's main classes. */
class ArchitectureTest {

    private static final ServiceArchitecture SERVICE = ServiceArchitecture.of(ParserServiceApplication.class);

    @Test
    void featurePackagesHaveNoCycles() {
        SERVICE.hasNoCyclesBetweenFeatures();
    }

    @Test
    void onlyContractsAndServiceSupportAreShared() {
        SERVICE.sharesOnlyContractsAndSupport();
    }

    @Test
    void controllersNeverTouchAnotherFeaturesRepositories() {
        SERVICE.keepsControllersOffOtherFeaturesRepositories();
    }

    @Test
    void typesArePackagePrivateUnlessAnotherPackageUsesThem() {
        SERVICE.keepsTypesPackagePrivateUnlessUsedElsewhere();
    }

    @Test
    void itsSqlNamesOnlyItsOwnTables() {
        SERVICE.readsOnlyItsOwnTables();
    }
}
