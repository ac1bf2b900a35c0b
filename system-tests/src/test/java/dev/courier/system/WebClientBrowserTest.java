package dev.courier.system;

import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.events.ConversationIds;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.stack.CourierStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web client served by the gateway, in real headless Chromium windows (Selenium), against the real stack. Each
 * window is its own browser, so its own user. Runs on the shared stack (where disappearing timers may be seconds
 * long). Needs {@code chromium} and {@code chromedriver} on the PATH:
 * skipped without them, failed without them when the {@code CI} environment variable is set.
 */
@Order(2)
class WebClientBrowserTest {

    static Path root = Path.of(System.getProperty("courier.root", "..")).toAbsolutePath().normalize();
    static Path screenshots = root.resolve("system-tests/target/screenshots");
    static Path profiles = root.resolve("system-tests/target/browser-profiles");
    static CourierStack stack;
    static CourierClient api;
    static URI page;

    final List<ChatWindow> windows = new ArrayList<>();

    @BeforeAll
    static void startStack() {
        if (ChatWindow.browser().isEmpty()) {
            if (System.getenv("CI") != null) {
                fail("chromium and chromedriver must be on the PATH in CI (apt-get install chromium chromium-driver)");
            }
            assumeTrue(false, "chromium or chromedriver not on the PATH: browser tests skipped");
        }
        stack = SystemStack.shared();
        api = new CourierClient(stack.gatewayUrl(1));
        page = stack.gatewayUrl(1).resolve("/?testTimers=1");
    }

    @AfterEach
    void closeWindows() {
        windows.forEach(ChatWindow::close);
    }

    @AfterAll
    static void quitBrowsers() {
        ChatWindow.quitIdleBrowsers();
    }

    ChatWindow window() {
        ChatWindow window = ChatWindow.open(page, profiles);
        windows.add(window);
        return window;
    }

    @Test
    void aliceWritesToBobAndHerTicksGoFromSentToDeliveredToRead() {
        String alicePhone = TestUser.unusedPhone();
        TestUser bob = TestUser.register(api, "Bob");
        ChatWindow aliceWindow = window();
        aliceWindow.screenshot(screenshots, "login");
        aliceWindow.register("Alice", alicePhone, TestUser.PASSWORD);
        ChatWindow bobWindow = window().logIn(bob);

        aliceWindow.startChat(bob.phone()).send("Hi Bob!");

        bobWindow.awaitChat("Alice");
        aliceWindow.awaitStatus("Hi Bob!", "delivered");
        assertThat(bobWindow.unreadCount("Alice")).isEqualTo("1");
        assertThat(aliceWindow.status("Hi Bob!")).as("Bob has not opened the chat").isEqualTo("delivered");
        bobWindow.screenshot(screenshots, "chat-list-unread");

        bobWindow.openChat("Alice").awaitMessage("Hi Bob!");
        aliceWindow.awaitStatus("Hi Bob!", "read");
        assertThat(bobWindow.unreadCount("Alice")).isEmpty();

        bobWindow.typeMessage("Hello Alice, good to see you here.");
        aliceWindow.awaitPeerStatus("typing…"::equals);
        bobWindow.pressEnter();
        aliceWindow.awaitMessage("Hello Alice, good to see you here.").awaitPeerStatus("online"::equals);
        aliceWindow.send("Same! Lunch tomorrow?");
        bobWindow.awaitMessage("Same! Lunch tomorrow?");
        aliceWindow.awaitStatus("Same! Lunch tomorrow?", "read");
        aliceWindow.screenshot(screenshots, "chat");
        aliceWindow.resize(390, 844);
        aliceWindow.screenshot(screenshots, "chat-narrow");
    }

    @Test
    void aMessageToAClosedWindowShowsOneTickUntilBobLogsInAgain() {
        TestUser alice = TestUser.register(api, "Alice");
        TestUser bob = TestUser.register(api, "Bob");
        ChatWindow aliceWindow = window().logIn(alice);
        ChatWindow bobWindow = window().logIn(bob);
        bobWindow.close();
        windows.remove(bobWindow);

        aliceWindow.startChat(bob.phone()).send("Are you there?");
        aliceWindow.awaitStatus("Are you there?", "sent");
        aliceWindow.screenshot(screenshots, "one-tick");

        ChatWindow bobAgain = window().logIn(bob);
        bobAgain.awaitChat("Alice");
        aliceWindow.awaitStatus("Are you there?", "delivered");
        bobAgain.openChat("Alice").awaitMessage("Are you there?");
        aliceWindow.awaitStatus("Are you there?", "read");
    }

    @Test
    void bobSeesAliceOnlineThenLastSeenAfterSheClosesHerWindow() {
        TestUser alice = TestUser.register(api, "Alice");
        TestUser bob = TestUser.register(api, "Bob");
        ChatWindow aliceWindow = window().logIn(alice);
        ChatWindow bobWindow = window().logIn(bob);
        aliceWindow.startChat(bob.phone()).send("Ping");

        bobWindow.awaitChat("Alice").openChat("Alice").awaitPeerStatus("online"::equals);
        aliceWindow.close();
        windows.remove(aliceWindow);

        bobWindow.awaitPeerStatus(status -> status.startsWith("last seen today at"));
        bobWindow.screenshot(screenshots, "last-seen");
    }

    @Test
    void aGroupOfThreeCreatedInThePageReachesBothOtherWindows() {
        TestUser alice = TestUser.register(api, "Alice");
        TestUser bob = TestUser.register(api, "Bob");
        TestUser carol = TestUser.register(api, "Carol");
        ChatWindow aliceWindow = window().logIn(alice);
        ChatWindow bobWindow = window().logIn(bob);
        ChatWindow carolWindow = window().logIn(carol);

        aliceWindow.createGroup("Weekend trip", bob.phone(), carol.phone()).send("Who is in for Saturday?");

        bobWindow.awaitChat("Weekend trip").openChat("Weekend trip").awaitMessage("Who is in for Saturday?");
        carolWindow.awaitChat("Weekend trip").openChat("Weekend trip").awaitMessage("Who is in for Saturday?");
        aliceWindow.awaitStatus("Who is in for Saturday?", "read");
        assertThat(aliceWindow.messageInfo("Who is in for Saturday?")).as("message info")
                .isEqualTo(Map.of("Bob", "read", "Carol", "read"));
        carolWindow.send("Me!");
        bobWindow.awaitMessage("Me!");
        aliceWindow.awaitMessage("Me!");
        bobWindow.screenshot(screenshots, "group");

        String carols = aliceWindow.messageId("Me!");
        assertThat(aliceWindow.menuOptions("Me!")).as("an admin, on another's message")
                .containsExactly("Reply", "Delete for everyone");
        aliceWindow.deleteForEveryone("Me!");
        bobWindow.awaitDeleted(carols);
        carolWindow.awaitDeleted(carols);

        assertThat(aliceWindow.removeGroupMember("Carol")).containsExactlyInAnyOrder("You", "Bob");
        aliceWindow.send("Carol left the plan");
        bobWindow.awaitMessage("Carol left the plan");
        assertThat(api.groups(carol.token()).groups()).as("Carol's groups").isEmpty();
    }

    @Test
    void anImageShowsAsAThumbnailAndOpensFullSize() throws IOException {
        TestUser alice = TestUser.register(api, "Alice");
        TestUser bob = TestUser.register(api, "Bob");
        ChatWindow aliceWindow = window().logIn(alice);
        ChatWindow bobWindow = window().logIn(bob);
        Path image = picture(1200, 800);

        aliceWindow.startChat(bob.phone()).sendImage(image, "The view from here");

        bobWindow.awaitChat("Alice").openChat("Alice").awaitMessage("The view from here");
        long thumbnailWidth = bobWindow.awaitThumbnail();
        assertThat(thumbnailWidth).isLessThan(1200);
        bobWindow.screenshot(screenshots, "image-thumbnail");
        assertThat(bobWindow.openImageFullSize()).isEqualTo(1200);
        bobWindow.screenshot(screenshots, "image-full");
        assertThat(aliceWindow.awaitThumbnail()).isEqualTo(thumbnailWidth);
    }

    @Test
    void aProfileSetInThePageShowsItsNameAndPhotoInTheContactsWindowLive() throws IOException {
        TestUser alice = TestUser.register(api, "Alice");
        TestUser bob = TestUser.register(api, "Bob");
        ChatWindow aliceWindow = window().logIn(alice);
        ChatWindow bobWindow = window().logIn(bob);
        aliceWindow.startChat(bob.phone()).send("Hi, it's me");
        bobWindow.awaitChat("Alice").openChat("Alice").awaitMessage("Hi, it's me");

        aliceWindow.editProfile("Alice Liddell", "Down the rabbit hole", picture(640, 640));
        assertThat(aliceWindow.myName()).isEqualTo("Alice Liddell");

        // Bob's window learns it from the profile frame, without a reload: the new name, then the photo's thumbnail.
        bobWindow.awaitChat("Alice Liddell");
        assertThat(bobWindow.awaitAvatarPhoto("Alice Liddell")).isPositive();
        bobWindow.screenshot(screenshots, "profile-photo");
        assertThat(api.me(alice.token()).about()).isEqualTo("Down the rabbit hole");
    }

    @Test
    void messagesUnderADisappearingTimerGoFromBothWindows() {
        TestUser alice = TestUser.register(api, "Alice");
        TestUser bob = TestUser.register(api, "Bob");
        ChatWindow aliceWindow = window().logIn(alice);
        ChatWindow bobWindow = window().logIn(bob);
        aliceWindow.startChat(bob.phone()).send("Before the timer");
        aliceWindow.awaitStatus("Before the timer", "delivered");
        bobWindow.awaitChat("Alice").openChat("Alice").awaitMessage("Before the timer");

        aliceWindow.setDisappearingTimer(10).send("This will vanish");

        bobWindow.awaitMessage("This will vanish");
        assertThat(bobWindow.hasDisappearingMarker("This will vanish")).isTrue();
        aliceWindow.awaitStatus("This will vanish", "read");
        assertThat(aliceWindow.hasDisappearingMarker("This will vanish")).isTrue();
        assertThat(aliceWindow.hasDisappearingMarker("Before the timer")).isFalse();
        aliceWindow.screenshot(screenshots, "disappearing");

        aliceWindow.awaitGone("This will vanish");
        bobWindow.awaitGone("This will vanish");
        assertThat(bobWindow.copiesOf("Before the timer")).isEqualTo(1);
        String conversation = ConversationIds.direct(alice.userId(), bob.userId());
        await().atMost(ChatWindow.WAIT).until(() -> api.history(bob.token(), conversation, null, 10).messages().stream()
                .noneMatch(m -> "This will vanish".equals(m.body().text())));
        bobWindow.reload().openChat("Alice").awaitMessage("Before the timer");
        assertThat(bobWindow.copiesOf("This will vanish")).as("not back from history").isZero();
    }

    @Test
    void messagesWrittenWhileTheSocketIsCutArriveOnceWhenItComesBack() {
        TestUser alice = TestUser.register(api, "Alice");
        TestUser bob = TestUser.register(api, "Bob");
        ChatWindow aliceWindow = window().logIn(alice);
        ChatWindow bobWindow = window().logIn(bob);
        aliceWindow.startChat(bob.phone()).send("Online now");
        bobWindow.awaitChat("Alice").openChat("Alice").awaitMessage("Online now");
        aliceWindow.awaitStatus("Online now", "read");

        aliceWindow.dropConnection();
        aliceWindow.send("Written offline, one").send("Written offline, two");
        assertThat(aliceWindow.status("Written offline, one")).isEqualTo("pending");
        assertThat(aliceWindow.status("Written offline, two")).isEqualTo("pending");
        aliceWindow.screenshot(screenshots, "offline");
        aliceWindow.restoreConnection();

        bobWindow.awaitMessage("Written offline, one").awaitMessage("Written offline, two");
        aliceWindow.awaitStatus("Written offline, one", "read").awaitStatus("Written offline, two", "read");
        assertThat(bobWindow.copiesOf("Written offline, one")).isEqualTo(1);
        assertThat(bobWindow.copiesOf("Written offline, two")).isEqualTo(1);
        assertThat(aliceWindow.copiesOf("Written offline, one")).isEqualTo(1);
        assertThat(api.history(alice.token(), ConversationIds.direct(alice.userId(), bob.userId()), null, 10).messages())
                .as("stored once each").hasSize(3);
    }

    @Test
    void afterAReloadTheTicksComeFromTheHistoryAndTheUnreadCountFromTheChatList() {
        TestUser alice = TestUser.register(api, "Alice");
        TestUser bob = TestUser.register(api, "Bob");
        ChatWindow aliceWindow = window().logIn(alice);
        ChatWindow bobWindow = window().logIn(bob);
        aliceWindow.startChat(bob.phone()).send("First").send("Second");
        bobWindow.awaitChat("Alice").awaitUnreadCount("Alice", "2");
        aliceWindow.awaitStatus("First", "delivered").awaitStatus("Second", "delivered");

        aliceWindow.reload().openChat("Bob").awaitMessage("Second");
        assertThat(aliceWindow.status("Second")).as("after a reload").isEqualTo("delivered");
        bobWindow.reload().awaitUnreadCount("Alice", "2");

        bobWindow.openChat("Alice").awaitMessage("Second");
        aliceWindow.awaitStatus("First", "read").awaitStatus("Second", "read");
        assertThat(bobWindow.unreadCount("Alice")).isEmpty();
        aliceWindow.reload().openChat("Bob").awaitMessage("Second");
        assertThat(aliceWindow.status("First")).as("after a reload").isEqualTo("read");
        assertThat(aliceWindow.status("Second")).as("after a reload").isEqualTo("read");
    }

    @Test
    void aReactionShowsUnderTheBubbleInBothWindowsAndGoesWhenChosenAgain() {
        TestUser alice = TestUser.register(api, "Alice");
        TestUser bob = TestUser.register(api, "Bob");
        ChatWindow aliceWindow = window().logIn(alice);
        ChatWindow bobWindow = window().logIn(bob);
        aliceWindow.startChat(bob.phone()).send("Lunch at noon?");
        bobWindow.awaitChat("Alice").openChat("Alice").awaitMessage("Lunch at noon?");
        assertThat(bobWindow.menuOptions("Lunch at noon?")).as("reactions and a reply on another's message")
                .containsExactly("Reply");

        bobWindow.react("Lunch at noon?", "👍");
        aliceWindow.awaitReactions("Lunch at noon?", Map.of("👍", 1));
        aliceWindow.react("Lunch at noon?", "👍");
        bobWindow.awaitReactions("Lunch at noon?", Map.of("👍", 2));
        bobWindow.screenshot(screenshots, "reactions");

        bobWindow.reload().openChat("Alice").awaitReactions("Lunch at noon?", Map.of("👍", 2));
        bobWindow.react("Lunch at noon?", "👍");
        aliceWindow.awaitReactions("Lunch at noon?", Map.of("👍", 1));
        bobWindow.awaitReactions("Lunch at noon?", Map.of("👍", 1));
    }

    @Test
    void anEditedMessageAndADeletedOneShowSoInBothWindowsAlsoAfterAReload() {
        TestUser alice = TestUser.register(api, "Alice");
        TestUser bob = TestUser.register(api, "Bob");
        ChatWindow aliceWindow = window().logIn(alice);
        ChatWindow bobWindow = window().logIn(bob);
        aliceWindow.startChat(bob.phone()).send("See you at 5").send("Wrong chat, sorry");
        bobWindow.awaitChat("Alice").openChat("Alice").awaitMessage("Wrong chat, sorry");
        aliceWindow.awaitStatus("Wrong chat, sorry", "read");
        aliceWindow.openMessageMenu("See you at 5").screenshot(screenshots, "message-menu");
        assertThat(aliceWindow.menuOptions()).containsExactly("Reply", "Edit", "Delete for everyone", "Message info");
        String deleted = aliceWindow.messageId("Wrong chat, sorry");

        aliceWindow.edit("See you at 5", "See you at 6").deleteForEveryone("Wrong chat, sorry");

        bobWindow.awaitMessage("See you at 6").awaitDeleted(deleted);
        assertThat(bobWindow.isEdited("See you at 6")).isTrue();
        assertThat(bobWindow.copiesOf("See you at 5")).isZero();
        assertThat(bobWindow.copiesOf("Wrong chat, sorry")).isZero();
        aliceWindow.awaitMessage("See you at 6").awaitDeleted(deleted);
        assertThat(aliceWindow.isEdited("See you at 6")).isTrue();
        aliceWindow.screenshot(screenshots, "edited-and-deleted");

        bobWindow.reload().openChat("Alice").awaitMessage("See you at 6").awaitDeleted(deleted);
        assertThat(bobWindow.isEdited("See you at 6")).as("after a reload").isTrue();
        assertThat(bobWindow.copiesOf("Wrong chat, sorry")).as("after a reload").isZero();
    }

    @Test
    void aReplyShowsItsQuoteInBothWindowsAlsoAfterAReloadAndTheQuoteLeadsToTheMessage() {
        TestUser alice = TestUser.register(api, "Alice");
        TestUser bob = TestUser.register(api, "Bob");
        ChatWindow aliceWindow = window().logIn(alice);
        ChatWindow bobWindow = window().logIn(bob);
        aliceWindow.startChat(bob.phone()).send("Dinner on Friday?").send("Or Saturday");
        bobWindow.awaitChat("Alice").openChat("Alice").awaitMessage("Or Saturday");
        assertThat(bobWindow.startReply("Or Saturday")).isEqualTo("Or Saturday");
        bobWindow.cancelReply();

        assertThat(bobWindow.startReply("Dinner on Friday?")).isEqualTo("Dinner on Friday?");
        bobWindow.screenshot(screenshots, "reply-composer");
        bobWindow.send("Friday works");

        assertThat(bobWindow.awaitMessage("Friday works").quoteIn("Friday works"))
                .containsExactly("Alice", "Dinner on Friday?");
        assertThat(aliceWindow.awaitMessage("Friday works").quoteIn("Friday works"))
                .containsExactly("You", "Dinner on Friday?");
        aliceWindow.followQuote("Friday works", "Dinner on Friday?");
        aliceWindow.screenshot(screenshots, "reply");
        aliceWindow.reload().openChat("Bob").awaitMessage("Friday works");
        assertThat(aliceWindow.quoteIn("Friday works")).as("after a reload").containsExactly("You", "Dinner on Friday?");
    }

    @Test
    void aBlockedContactsMessagesNeverShowAndUnblockingFromTheChatLetsTheNextOnesIn() {
        TestUser alice = TestUser.register(api, "Alice");
        TestUser bob = TestUser.register(api, "Bob");
        ChatWindow aliceWindow = window().logIn(alice);
        try (CourierConnection bobSocket = bob.connect(api)) {
            bobSocket.sendText(alice.userId(), "Hi Alice");
            aliceWindow.awaitChat("Bob").openChat("Bob").awaitMessage("Hi Alice");

            aliceWindow.blockContact();
            assertThat(aliceWindow.composerShown()).isFalse();
            assertThat(aliceWindow.blockedNotice()).contains("You blocked Bob");
            aliceWindow.screenshot(screenshots, "blocked");
            String withheld = bobSocket.sendText(alice.userId(), "Why no answer?");
            bobSocket.awaitFrame(ReceiptFrame.class, r -> r.status() == ReceiptStatus.SENT
                    && r.messageId().equals(withheld), ChatWindow.WAIT);

            aliceWindow.unblockContact();
            bobSocket.sendText(alice.userId(), "Back again");
            // In order: a message withheld before the next one would have shown before it.
            aliceWindow.awaitMessage("Back again");
            assertThat(aliceWindow.copiesOf("Why no answer?")).isZero();
            aliceWindow.reload().openChat("Bob").awaitMessage("Back again");
            assertThat(aliceWindow.copiesOf("Why no answer?")).as("after a reload").isZero();
        }
    }

    @Test
    void olderMessagesLoadWhenScrollingUp() {
        TestUser alice = TestUser.register(api, "Alice");
        TestUser bob = TestUser.register(api, "Bob");
        ChatWindow bobWindow = window().logIn(bob);
        try (CourierConnection aliceSocket = alice.connect(api)) {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= 45; i++) {
                ids.add(aliceSocket.sendText(bob.userId(), "message " + i));
            }
            await().atMost(ChatWindow.WAIT).until(() -> aliceSocket.frames(ReceiptFrame.class).stream()
                    .filter(r -> r.status() == ReceiptStatus.DELIVERED).map(ReceiptFrame::messageId).toList()
                    .containsAll(ids));
        }

        bobWindow.reload().openChat("Alice").awaitMessage("message 45");
        assertThat(bobWindow.copiesOf("message 1")).as("only the newest page at first").isZero();
        bobWindow.scrollToOldest().awaitMessage("message 1");
        assertThat(bobWindow.copiesOf("message 15")).isEqualTo(1);
    }

    private static Path picture(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(0x2b, 0x7a, 0xc9), width, height, new Color(0xf4, 0xb9, 0x42)));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 3, height / 4, width / 4, width / 4);
        g.dispose();
        Files.createDirectories(profiles);
        Path file = Files.createTempFile(profiles, "picture-", ".png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
