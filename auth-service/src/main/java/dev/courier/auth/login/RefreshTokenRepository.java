package dev.courier.auth.login;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import java.time.Instant;
import java.util.UUID;

interface RefreshTokenRepository extends JpaRepository<RefreshToken, String> {

    /** @return 1 if this call spent the token, 0 if it was spent already (by a concurrent refresh, say) */
    @Modifying
    @Query("update RefreshToken t set t.spent = true where t.tokenHash = :tokenHash and t.spent = false")
    int markSpent(String tokenHash);

    @Modifying
    @Query("delete from RefreshToken t where t.userId = :userId and t.deviceId = :deviceId")
    int deleteDevice(UUID userId, String deviceId);

    @Modifying
    @Query("delete from RefreshToken t where t.userId = :userId")
    int deleteUser(UUID userId);

    @Modifying
    @Query("delete from RefreshToken t where t.expiresAt < :now")
    int deleteExpired(Instant now);
}
