package dev.courier.system;

import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.CreateGroupRequest;
import dev.courier.contracts.api.GroupView;
import dev.courier.contracts.api.MessageHistory;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Group chat through the whole stack, with two group-service instances sharing the lookups by consistent hashing.
 * The example from issue 3: A, B and E are in group 1; C, D and E in group 2.
 */
@Isolated
@Order(5)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GroupChatSystemTest extends SharedStackSystemTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final Duration QUIET = Duration.ofSeconds(3);

    @Test
    void eachGroupMessageReachesExactlyItsMembersIncludingTheSendersOtherDevices() {
        TestUser a = TestUser.register(gateway1, "A");
        TestUser aLaptop = a.anotherDevice(gateway1);
        TestUser b = TestUser.register(gateway1, "B");
        TestUser c = TestUser.register(gateway1, "C");
        TestUser d = TestUser.register(gateway1, "D");
        TestUser e = TestUser.register(gateway1, "E");
        GroupView group1 = gateway1.createGroup(a.token(), "group 1", List.of(b.userId(), e.userId()));
        GroupView group2 = gateway1.createGroup(c.token(), "group 2", List.of(d.userId(), e.userId()));

        try (CourierConnection aPhone = a.connect(gateway1); CourierConnection aDesk = aLaptop.connect(gateway2);
             CourierConnection bSocket = b.connect(gateway2); CourierConnection cSocket = c.connect(gateway1);
             CourierConnection dSocket = d.connect(gateway2); CourierConnection eSocket = e.connect(gateway1)) {

            String toGroup1 = aPhone.sendTextToGroup(group1.groupId(), "hello group 1");
            String toGroup2 = eSocket.sendTextToGroup(group2.groupId(), "hello group 2");

            for (CourierConnection member : List.of(aDesk, bSocket, eSocket)) {
                MessageFrame message = member.awaitFrame(MessageFrame.class, m -> m.id().equals(toGroup1), WAIT);
                assertThat(message.conversationId()).isEqualTo(group1.groupId());
                assertThat(message.to().group()).isEqualTo(group1.groupId());
                assertThat(message.from()).isEqualTo(a.userId());
            }
            for (CourierConnection member : List.of(cSocket, dSocket)) {
                member.awaitFrame(MessageFrame.class, m -> m.id().equals(toGroup2), WAIT);
            }
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).untilAsserted(() -> {
                assertThat(ids(cSocket)).doesNotContain(toGroup1);
                assertThat(ids(dSocket)).doesNotContain(toGroup1);
                assertThat(ids(aPhone)).doesNotContain(toGroup2, toGroup1);
                assertThat(ids(aDesk)).doesNotContain(toGroup2);
                assertThat(ids(bSocket)).doesNotContain(toGroup2);
            });
            new DeliveryRecorder().sent(a, toGroup1, b, e).sent(e, toGroup2, c, d)
                    .device(a, "phone", aPhone).device(aLaptop, "laptop", aDesk).device(b, "phone", bSocket)
                    .device(c, "phone", cSocket).device(d, "phone", dSocket).device(e, "phone", eSocket)
                    .assertClean();
        }
    }

    @Test
    void anOfflineMemberGetsTheGroupsMessagesInSeqOrderWhenItConnects() {
        TestUser a = TestUser.register(gateway1, "A");
        TestUser b = TestUser.register(gateway1, "B");
        GroupView group = gateway1.createGroup(a.token(), "later", List.of(b.userId()));
        List<String> sent = new ArrayList<>();
        DeliveryRecorder recorder = new DeliveryRecorder();
        try (CourierConnection aSocket = a.connect(gateway1)) {
            recorder.device(a, "phone", aSocket);
            for (int i = 1; i <= 10; i++) {
                sent.add(aSocket.sendTextToGroup(group.groupId(), "news " + i));
            }
            await().atMost(WAIT).until(() -> OneToOneChatSystemTest.sentIds(aSocket).containsAll(sent));
        }
        try (CourierConnection bSocket = b.connect(gateway2)) {
            await().atMost(WAIT).until(() -> bSocket.distinctMessages().size() == 10);
            assertThat(bSocket.distinctMessages()).extracting(MessageFrame::id).containsExactlyElementsOf(sent);
            assertThat(bSocket.distinctMessages()).extracting(MessageFrame::seq)
                    .containsExactlyElementsOf(OneToOneChatSystemTest.sequence(1, 10));
            recorder.sent(a, sent, b).device(b, "phone", bSocket).assertClean();
        }
    }

    @Test
    void theSenderGetsReceiptsPerMemberAndExactlyOneAllReceiptPerStatus() {
        TestUser a = TestUser.register(gateway1, "A");
        TestUser b = TestUser.register(gateway1, "B");
        TestUser e = TestUser.register(gateway1, "E");
        GroupView group = gateway1.createGroup(a.token(), "receipts", List.of(b.userId(), e.userId()));
        try (CourierConnection aSocket = a.connect(gateway1);
             CourierConnection bSocket = b.connect(gateway2).autoAckDelivered(false);
             CourierConnection eSocket = e.connect(gateway1).autoAckDelivered(false)) {
            String id = aSocket.sendTextToGroup(group.groupId(), "did you all get this?");
            bSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(id), WAIT);
            eSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(id), WAIT);

            bSocket.receipt("delivered", List.of(id));
            aSocket.awaitFrame(ReceiptFrame.class, r -> isBy(r, ReceiptStatus.DELIVERED, id, b), WAIT);
            assertThat(allReceipts(aSocket, ReceiptStatus.DELIVERED, id)).as("E has not acknowledged yet").isZero();

            eSocket.receipt("delivered", List.of(id));
            aSocket.awaitFrame(ReceiptFrame.class, r -> isBy(r, ReceiptStatus.DELIVERED, id, e), WAIT);
            await().atMost(WAIT).until(() -> allReceipts(aSocket, ReceiptStatus.DELIVERED, id) == 1);

            bSocket.receipt("read", List.of(id));
            eSocket.receipt("read", List.of(id));
            eSocket.receipt("read", List.of(id));
            aSocket.awaitFrame(ReceiptFrame.class, r -> isBy(r, ReceiptStatus.READ, id, b), WAIT);
            aSocket.awaitFrame(ReceiptFrame.class, r -> isBy(r, ReceiptStatus.READ, id, e), WAIT);
            await().atMost(WAIT).until(() -> allReceipts(aSocket, ReceiptStatus.READ, id) == 1);
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() ->
                    allReceipts(aSocket, ReceiptStatus.READ, id) == 1 && allReceipts(aSocket, ReceiptStatus.DELIVERED, id) == 1);
            new DeliveryRecorder().sent(a, id, b, e)
                    .device(a, "phone", aSocket).device(b, "phone", bSocket).device(e, "phone", eSocket).assertClean();
        }
    }

    @Test
    void aRemovedMemberGetsNothingAfterItsRemovalAndANewMemberOnlyWhatFollowsItsAddition() {
        TestUser a = TestUser.register(gateway1, "A");
        TestUser b = TestUser.register(gateway1, "B");
        TestUser e = TestUser.register(gateway1, "E");
        TestUser f = TestUser.register(gateway1, "F");
        GroupView group = gateway1.createGroup(a.token(), "changing", List.of(b.userId(), e.userId()));
        try (CourierConnection aSocket = a.connect(gateway1); CourierConnection bSocket = b.connect(gateway2);
             CourierConnection eSocket = e.connect(gateway1); CourierConnection fSocket = f.connect(gateway2)) {
            String before = aSocket.sendTextToGroup(group.groupId(), "before the changes");
            bSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(before), WAIT);

            assertThat(gateway1.removeMember(a.token(), group.groupId(), b.userId()).status()).isEqualTo(204);
            assertThat(gateway1.addMember(a.token(), group.groupId(), f.userId()).status()).isBetween(200, 201);
            String after = aSocket.sendTextToGroup(group.groupId(), "after the changes");

            eSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(after), WAIT);
            fSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(after), WAIT);
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).untilAsserted(() -> {
                assertThat(ids(bSocket)).doesNotContain(after);
                assertThat(ids(fSocket)).doesNotContain(before);
            });
            var history = gateway2.history(f.tokens().accessToken(), group.groupId(), null, 50).messages();
            assertThat(history).extracting(MessageHistory.Item::id).containsExactly(after);
            new DeliveryRecorder().sent(a, before, b, e).sent(a, after, e, f)
                    .device(a, "phone", aSocket).device(b, "phone", bSocket).device(e, "phone", eSocket)
                    .device(f, "phone", fSocket).assertClean();
        }
    }

    @Test
    void aNonMembersSendIsForbiddenAndAnUnknownGroupNotFound() {
        TestUser a = TestUser.register(gateway1, "A");
        TestUser outsider = TestUser.register(gateway1, "Outsider");
        GroupView group = gateway1.createGroup(a.token(), "closed", List.of());
        try (CourierConnection socket = outsider.connect(gateway2)) {
            String id = socket.sendTextToGroup(group.groupId(), "let me in");
            assertThat(socket.awaitFrame(ErrorFrame.class, err -> id.equals(err.ref()), WAIT).code()).isEqualTo("forbidden");

            String unknown = socket.sendTextToGroup(UUID.randomUUID().toString(), "anyone?");
            assertThat(socket.awaitFrame(ErrorFrame.class, err -> unknown.equals(err.ref()), WAIT).code())
                    .isEqualTo("not_found");
        }
        assertThat(gateway1.get("/api/groups/" + group.groupId(), outsider.token()).status()).isEqualTo(403);
    }

    @Test
    void badGroupRequestsGetTheDocumentedErrorsAndWriteNothing() {
        TestUser admin = TestUser.register(gateway1, "Admin");
        TestUser member = TestUser.register(gateway1, "Member");
        TestUser other = TestUser.register(gateway1, "Other");
        GroupView group = gateway1.createGroup(admin.token(), "rules", List.of(member.userId()));

        assertThat(gateway1.get("/api/groups/" + UUID.randomUUID(), admin.token()).status()).isEqualTo(404);
        assertThat(gateway1.post("/api/groups", new CreateGroupRequest("  ", List.of()), admin.token()).status())
                .isEqualTo(400);
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tooMany.add(TestUser.register(gateway1, "Crowd " + i).userId());
        }
        assertThat(gateway1.post("/api/groups", new CreateGroupRequest("crowded", tooMany), admin.token()).status())
                .as("16 members and the creator: one over the limit of 16").isEqualTo(400);
        assertThat(gateway1.post("/api/groups", new CreateGroupRequest("ghosts", List.of(UUID.randomUUID().toString())),
                admin.token()).status()).isEqualTo(404);
        assertThat(gateway1.groups(admin.token()).groups()).extracting(GroupView::name).containsExactly("rules");

        assertThat(gateway1.addMember(admin.token(), group.groupId(), UUID.randomUUID().toString()).status())
                .isEqualTo(404);
        assertThat(gateway1.addMember(member.token(), group.groupId(), other.userId()).status()).isEqualTo(403);
        assertThat(gateway1.removeMember(member.token(), group.groupId(), admin.userId()).status()).isEqualTo(403);
        assertThat(gateway1.group(admin.token(), group.groupId()).members())
                .extracting(GroupView.Member::userId).containsExactlyInAnyOrder(admin.userId(), member.userId());
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void bothGroupServiceInstancesServeTheirShareAndLosingOneKeepsEveryGroupFlowing() throws Exception {
        TestUser a = TestUser.register(gateway1, "A");
        TestUser b = TestUser.register(gateway1, "B");
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            groups.add(gateway1.createGroup(a.token(), "spread " + i, List.of(b.userId())).groupId());
        }
        try (CourierConnection aSocket = a.connect(gateway1); CourierConnection bSocket = b.connect(gateway2)) {
            List<String> first = groups.stream().map(g -> aSocket.sendTextToGroup(g, "round 1")).toList();
            await().atMost(WAIT).until(() -> ids(bSocket).containsAll(first));
            assertThat(lookupsServed("group-service-1")).as("instance 1 served its share").isPositive();
            assertThat(lookupsServed("group-service-2")).as("instance 2 served its share").isPositive();

            stack.process("group-service-2").kill();
            try {
                List<String> second = groups.stream().map(g -> aSocket.sendTextToGroup(g, "round 2")).toList();
                await().atMost(WAIT).until(() -> ids(bSocket).containsAll(second));
                // A's sent receipts travel apart from B's copies (another gateway, another partition): wait for them.
                await().atMost(WAIT).until(() -> sentIds(aSocket).containsAll(second));
                new DeliveryRecorder().sent(a, first, b).sent(a, second, b)
                        .device(a, "phone", aSocket).device(b, "phone", bSocket).assertClean();
            } finally {
                stack.restart("group-service-2");
            }
        }
    }

    private static double lookupsServed(String instance) throws Exception {
        URI metrics = stack.process(instance).url().resolve("/actuator/prometheus");
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double total = 0;
        Matcher lines = Pattern.compile("(?m)^courier_group_lookups_total\\{[^}]*} ([0-9.eE+]+)$").matcher(body);
        while (lines.find()) {
            total += Double.parseDouble(lines.group(1));
        }
        return total;
    }

    private static List<String> sentIds(CourierConnection socket) {
        return socket.frames(ReceiptFrame.class).stream().filter(r -> r.status() == ReceiptStatus.SENT)
                .map(ReceiptFrame::messageId).toList();
    }

    private static List<String> ids(CourierConnection socket) {
        return socket.frames(MessageFrame.class).stream().map(MessageFrame::id).toList();
    }

    private static boolean isBy(ReceiptFrame receipt, ReceiptStatus status, String id, TestUser by) {
        return receipt.status() == status && id.equals(receipt.messageId()) && by.userId().equals(receipt.by());
    }

    private static long allReceipts(CourierConnection socket, ReceiptStatus status, String id) {
        return socket.frames(ReceiptFrame.class).stream()
                .filter(r -> r.status() == status && id.equals(r.messageId()) && Boolean.TRUE.equals(r.all()))
                .count();
    }
}
