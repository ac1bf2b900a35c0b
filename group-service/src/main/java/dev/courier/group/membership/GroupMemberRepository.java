package dev.courier.group.membership;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

interface GroupMemberRepository extends JpaRepository<GroupMember, GroupMember.Key> {

    @Query("select m from GroupMember m where m.id.groupId = :groupId order by m.joinedAt, m.id.userId")
    List<GroupMember> findByGroup(@Param("groupId") UUID groupId);

    @Query("select m from GroupMember m where m.id.groupId in :groupIds order by m.joinedAt, m.id.userId")
    List<GroupMember> findByGroups(@Param("groupIds") Collection<UUID> groupIds);

    @Query("select m.id.groupId from GroupMember m where m.id.userId = :userId")
    List<UUID> findGroupIdsOf(@Param("userId") String userId);
}
