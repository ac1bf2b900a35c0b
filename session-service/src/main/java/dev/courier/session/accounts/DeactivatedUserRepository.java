package dev.courier.session.accounts;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import java.time.Instant;
import java.util.List;

interface DeactivatedUserRepository extends JpaRepository<DeactivatedUser, String> {

    /** Idempotent: a replayed deactivation keeps the first time. */
    @Modifying
    @Query(nativeQuery = true, value = """
            insert into deactivated_user (user_id, deactivated_at) values (:userId, :at)
            on conflict (user_id) do nothing""")
    int record(String userId, Instant at);

    @Query(nativeQuery = true, value = "select user_id from deactivated_user")
    List<String> findAllUserIds();
}
