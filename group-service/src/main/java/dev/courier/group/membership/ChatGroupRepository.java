package dev.courier.group.membership;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.util.Optional;
import java.util.UUID;

interface ChatGroupRepository extends JpaRepository<ChatGroup, UUID> {

    /** The group, row-locked until the transaction ends: a group's membership changes happen one at a time. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select g from ChatGroup g where g.id = :id")
    Optional<ChatGroup> findForUpdate(@Param("id") UUID id);
}
