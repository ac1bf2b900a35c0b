package dev.courier.group.membership;

import dev.courier.contracts.api.GroupView;
import dev.courier.support.jpa.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One user's seat in a group, with its role ({@code admin} or {@code member}). */
@Entity
@Table(name = "group_member")
class GroupMember extends AssignedIdEntity<GroupMember.Key> {

    @EmbeddedId
    private Key id;

    @Column(nullable = false, length = 16)
    private String role;

    @Column(name = "joined_at", nullable = false)
    private Instant joinedAt;

    protected GroupMember() {
    }

    GroupMember(UUID groupId, String userId, String role, Instant joinedAt) {
        this.id = new Key(groupId, userId);
        this.role = role;
        this.joinedAt = joinedAt;
    }

    UUID groupId() {
        return id.groupId();
    }

    String userId() {
        return id.userId();
    }

    String role() {
        return role;
    }

    boolean isAdmin() {
        return GroupView.Member.ADMIN.equals(role);
    }

    Instant joinedAt() {
        return joinedAt;
    }

    void promote() {
        role = GroupView.Member.ADMIN;
    }

    GroupView.Member view() {
        return new GroupView.Member(id.userId(), role);
    }

    @Override
    public GroupMember.Key getId() {
        return id;
    }

    @Embeddable
    record Key(@Column(name = "group_id") UUID groupId, @Column(name = "user_id", length = 64) String userId) {
    }
}
