package dev.courier.auth.account;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.Optional;
import java.util.UUID;

interface UserAccountRepository extends JpaRepository<UserAccount, UUID> {

    Optional<UserAccount> findByPhoneAndDeactivatedAtIsNull(String phone);

    boolean existsByPhoneAndDeactivatedAtIsNull(String phone);

    boolean existsByEmailAndDeactivatedAtIsNullAndIdNot(String email, UUID id);
}
