package dev.courier.session.blocking;

import dev.courier.contracts.events.Topics;
import dev.courier.contracts.events.UserBlocked;
import dev.courier.contracts.events.UserUnblocked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Block list changes from last-seen-service (key = the blocker, so one user's changes arrive in order). */
@Component
@KafkaListener(id = "session-blocks", idIsGroup = false, topics = Topics.BLOCKS)
class BlockEventsListener {

    private static final Logger log = LoggerFactory.getLogger(BlockEventsListener.class);

    private final Blocks blocks;

    BlockEventsListener(Blocks blocks) {
        this.blocks = blocks;
    }

    @KafkaHandler
    void onBlocked(UserBlocked blocked) {
        blocks.blocked(blocked.blockerId(), blocked.blockedId());
        log.info("user {} blocks {}: its direct sends to it are refused, those from it withheld",
                blocked.blockerId(), blocked.blockedId());
    }

    @KafkaHandler
    void onUnblocked(UserUnblocked unblocked) {
        blocks.unblocked(unblocked.blockerId(), unblocked.blockedId());
        log.info("user {} no longer blocks {}", unblocked.blockerId(), unblocked.blockedId());
    }

    @KafkaHandler(isDefault = true)
    void onOther(Object event) {
        log.warn("Ignored unexpected event on {}: {}", Topics.BLOCKS, event.getClass().getSimpleName());
    }
}
