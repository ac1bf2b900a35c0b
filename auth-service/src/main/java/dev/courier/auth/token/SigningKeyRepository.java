package dev.courier.auth.token;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

interface SigningKeyRepository extends JpaRepository<SigningKey, String> {

    List<SigningKey> findAllByOrderByCreatedAtDesc();
}
