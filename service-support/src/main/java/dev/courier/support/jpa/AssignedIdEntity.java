package dev.courier.support.jpa;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

/**
 * An entity whose id the application assigns (a UUID made before the insert, a composite key). Spring Data cannot
 * tell such an entity new from loaded by its id, so without this every {@code save} would select first: it is new
 * until it is persisted or loaded.
 *
 * @param <ID> the id type
 */
@MappedSuperclass
public abstract class AssignedIdEntity<ID> implements Persistable<ID> {

    @Transient
    private boolean isNew = true;

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void markNotNew() {
        isNew = false;
    }
}
