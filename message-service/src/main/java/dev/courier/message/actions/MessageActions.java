package dev.courier.message.actions;

import dev.courier.contracts.api.GroupMembers;
import dev.courier.contracts.events.MessageActionAuthorized;
import dev.courier.contracts.frames.DeletedFrame;
import dev.courier.contracts.frames.EditedFrame;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.ReactionFrame;
import dev.courier.contracts.frames.ServerFrame;
import dev.courier.message.MessageProperties;
import dev.courier.message.media.MediaReleases;
import dev.courier.message.routing.FrameRouter;
import dev.courier.message.routing.PendingNotices;
import dev.courier.support.groups.GroupDirectory;
import dev.courier.support.groups.GroupDirectoryConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Message actions (PROTOCOL.md v1.1): {@code react}, {@code edit} and {@code delete} for everyone. Each is answered
 * on the actor's device with {@code done} (ref = its id, {@code at}) once applied, or one {@code error}
 * ({@link ActionRules}); the answer is kept by (actor, id), so the same id again applies nothing and answers the
 * same. What was done goes as a {@code reaction}, {@code edited} or {@code deleted} frame to every participant of the
 * message (its sender and recipients; in a group only those still members), the actor included, on each connected
 * device or as a pending notice for its next connection: the receipts' mechanism, so a user offline gets them, in
 * the order they happened, when it connects.
 * <p>
 * A poll's actions are one unit of work in the caller's transaction ({@link #handle}), in record order, with a fixed
 * number of statements ({@link ActionRows}); their frames go out once it committed. Group memberships are asked of
 * group-service before the transaction ({@link #prepare}), so no lock waits on HTTP. A record handed over again
 * after a crash (the same record key) tells its frame again: at least once.
 * <p>
 * Deleting erases the body (and the edit's texts kept for answers and offline users), drops the deliveries not
 * acknowledged yet (a recipient that has not received it never gets its body), deletes its reactions and releases
 * its image when no other message refers to it.
 */
@Service
@Import(GroupDirectoryConfiguration.class)
public class MessageActions {

    private static final Logger log = LoggerFactory.getLogger(MessageActions.class);

    private final ActionRows rows;
    private final ActionRules rules;
    private final GroupDirectory groups;
    private final PendingNotices notices;
    private final MediaReleases media;
    private final Clock clock;

    MessageActions(ActionRows rows, GroupDirectory groups, PendingNotices notices, MediaReleases media,
                   MessageProperties properties, Clock clock) {
        this.rows = rows;
        this.rules = new ActionRules(properties.actions().editWindow(), properties.actions().deleteWindow());
        this.groups = groups;
        this.notices = notices;
        this.media = media;
        this.clock = clock;
    }

    /**
     * An action, its place in the poll (its frames are sent in that order) and the key of the record that carried
     * it (null when it came from no record).
     */
    public record PositionedAction(int position, MessageActionAuthorized event, Long recordKey) {
    }

    /** The current memberships of the groups these actions' messages belong to, asked before the transaction. */
    public final class Groups {

        private final Map<String, Optional<GroupMembers>> known = new HashMap<>();

        Optional<GroupMembers> of(String groupId) {
            return known.computeIfAbsent(groupId, groups::members);
        }
    }

    /** Looks up the groups the actions need. Throws when group-service cannot answer (the poll is retried). */
    public Groups prepare(List<PositionedAction> actions) {
        Groups prepared = new Groups();
        Set<String> messageIds = new LinkedHashSet<>();
        actions.forEach(action -> {
            if (action.event().messageId() != null) {
                messageIds.add(action.event().messageId());
            }
        });
        if (!messageIds.isEmpty()) {
            rows.groupsOf(messageIds).forEach(prepared::of);
        }
        return prepared;
    }

    /** Applies the actions in the caller's transaction; their frames go into {@code frames} at their positions. */
    public void handle(List<PositionedAction> actions, Groups groupsOfPoll, FrameRouter.Batch frames) {
        List<PositionedAction> valid = actions.stream().filter(MessageActions::isComplete).toList();
        if (valid.isEmpty()) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Map<ActionRows.Key, ActionOutcome> answered = rows.earlier(valid.stream().map(MessageActions::key).toList());
        Set<String> messageIds = new LinkedHashSet<>();
        valid.forEach(action -> messageIds.add(action.event().messageId()));
        Map<String, TargetMessage> messages = rows.lock(messageIds, now);
        Map<String, ActionRows.Reaction> reactions = new LinkedHashMap<>();
        List<ActionOutcome> outcomes = new ArrayList<>();
        List<PendingNotices.Notice> told = new ArrayList<>();
        for (PositionedAction positioned : valid) {
            MessageActionAuthorized action = positioned.event();
            ActionRows.Key key = key(positioned);
            frames.at(positioned.position());
            ActionOutcome earlier = answered.get(key);
            if (earlier != null) {
                frames.route(action.actor(), earlier.answer());
                if (earlier.frame() != null && positioned.recordKey() != null
                        && positioned.recordKey().equals(earlier.byRecord())) {
                    // The record that applied it, handed over again: tell again what it told.
                    earlier.audience().forEach(user -> told.add(new PendingNotices.Notice(positioned.position(), user,
                            earlier.frame())));
                }
                log.debug("{} {} of user {} was answered before: {}", action.action().wireName(), key.actionId(),
                        key.actorId(), earlier.errorCode() == null ? "done" : earlier.errorCode());
                continue;
            }
            TargetMessage message = messages.get(action.messageId());
            Optional<GroupMembers> group = message != null && message.isGroup() && message.isLive()
                    ? groupsOfPoll.of(message.groupId) : Optional.empty();
            ErrorFrame refusal = rules.refusal(action, message, group, action.at() == null ? now : action.at());
            ActionOutcome outcome;
            if (refusal != null) {
                outcome = ActionOutcome.refused(key, action.action().wireName(), message == null ? null : message.id,
                        now, refusal, positioned.recordKey());
                log.info("{} {} of message {} by user {} refused: {} ({})", action.action().wireName(),
                        key.actionId(), action.messageId(), key.actorId(), refusal.code(), refusal.message());
            } else {
                ServerFrame frame = apply(action, message, now, reactions);
                List<String> audience = message.isGroup()
                        ? message.participants().stream().filter(user -> group.orElseThrow().isMember(user)).toList()
                        : message.participants();
                outcome = ActionOutcome.done(key, action.action().wireName(), message.id, now, frame, audience,
                        positioned.recordKey());
                audience.forEach(user -> told.add(new PendingNotices.Notice(positioned.position(), user, frame)));
                log.debug("{} {} of message {} by user {} done, told to {} users", action.action().wireName(),
                        key.actionId(), message.clientId, key.actorId(), audience.size());
            }
            answered.put(key, outcome);
            outcomes.add(outcome);
            frames.route(action.actor(), outcome.answer());
        }
        save(messages, reactions, outcomes);
        notices.tellAll(told, frames);
    }

    private static ServerFrame apply(MessageActionAuthorized action, TargetMessage message, Instant now,
                                     Map<String, ActionRows.Reaction> reactions) {
        String actor = action.actor().userId();
        return switch (action.action()) {
            case REACT -> {
                reactions.put(message.id + "\n" + actor, new ActionRows.Reaction(message.id, actor, action.emoji(),
                        now));
                yield new ReactionFrame(message.conversationId, message.clientId, actor, action.emoji(),
                        now.toEpochMilli());
            }
            case EDIT -> {
                message.edit(action.body(), now);
                yield new EditedFrame(message.conversationId, message.clientId, action.body(), now.toEpochMilli());
            }
            case DELETE -> {
                message.delete(actor, now);
                yield new DeletedFrame(message.conversationId, message.clientId, actor, now.toEpochMilli());
            }
        };
    }

    private void save(Map<String, TargetMessage> messages, Map<String, ActionRows.Reaction> reactions,
                      List<ActionOutcome> outcomes) {
        Map<Long, TargetMessage> byId = new HashMap<>();
        messages.values().forEach(message -> byId.put(message.id, message));
        rows.saveReactions(reactions.values().stream()
                .filter(reaction -> !byId.get(reaction.messageId()).deleted)
                .toList());
        rows.saveEdits(messages.values().stream().filter(message -> message.edited && !message.deleted).toList());
        List<TargetMessage> deleted = messages.values().stream().filter(message -> message.deletedNow).toList();
        rows.saveDeletions(deleted);
        rows.saveOutcomes(outcomes);
        media.release(deleted.stream()
                .filter(message -> message.mediaId != null)
                .map(message -> new MediaReleases.Deleted(message.mediaId, message.clientId))
                .toList());
    }

    private static ActionRows.Key key(PositionedAction action) {
        return new ActionRows.Key(action.event().actor().userId(), action.event().actionId());
    }

    private static boolean isComplete(PositionedAction positioned) {
        MessageActionAuthorized action = positioned.event();
        boolean complete = action.actor() != null && action.action() != null && action.actionId() != null
                && action.messageId() != null;
        if (!complete) {
            log.warn("ignoring an incomplete message action {}", action.eventId());
        }
        return complete && Objects.nonNull(action.actor().userId());
    }
}
