package dev.fusering.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.Filesystem;
import dev.fusering.api.Request;
import dev.fusering.internal.abi.FuseNotifyRetrieveIn;
import dev.fusering.internal.abi.FusePollIn;
import dev.fusering.internal.abi.FusePollOut;
import dev.fusering.internal.abi.Opcode;
import dev.fusering.internal.dispatch.TestSlot.Layout;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** POLL decoding and the routing of NOTIFY_REPLY data to the notifier, on both exchange layouts. */
class DispatcherNotifyTest {

    @ParameterizedTest
    @EnumSource(Layout.class)
    void pollPassesItsArgumentsAndAnswersRevents(Layout layout) {
        List<String> calls = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public int poll(Request request, long nodeId, long fh, long kh, int flags, int events) {
                calls.add(nodeId + " " + fh + " " + kh + " " + flags + " " + events);
                return 0x41;
            }
        };
        Dispatcher d = DispatcherEntryTest.dispatcher(fs);
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.POLL, 7).opLong(FusePollIn.FH, 11).opLong(FusePollIn.KH, 99)
                    .opInt(FusePollIn.FLAGS, 1).opInt(FusePollIn.EVENTS, 0x5).dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.noReply).isFalse();
            assertThat(ex.replyLength).isEqualTo((int) FusePollOut.SIZE);
            assertThat(slot.replyInt(FusePollOut.REVENTS)).isEqualTo(0x41);
            assertThat(slot.replyInt(FusePollOut.PADDING)).isZero();
            assertThat(calls).containsExactly("7 11 99 1 5");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void pollDefaultsToEnosys(Layout layout) {
        Dispatcher d = DispatcherEntryTest.dispatcher(new Filesystem() { });
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.POLL, 7).dispatch(d);
            assertThat(ex.error).isEqualTo(38);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void notifyReplyDataGoesToTheNotifierWithoutAReply(Layout layout) {
        List<String> got = new ArrayList<>();
        Dispatcher d = DispatcherEntryTest.dispatcher(new Filesystem() { });
        d.notifyReplies((unique, nodeId, offset, data) -> got.add(unique + " " + nodeId + " " + offset + " "
                + new String(data.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII)));
        try (TestSlot slot = new TestSlot(layout)) {
            byte[] retrieveIn = new byte[(int) FuseNotifyRetrieveIn.SIZE];
            java.nio.ByteBuffer.wrap(retrieveIn).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .putLong((int) FuseNotifyRetrieveIn.OFFSET, 4096).putInt((int) FuseNotifyRetrieveIn.SIZE_FIELD, 5);
            Exchange ex = slot.start(Opcode.NOTIFY_REPLY, 12).bytes(retrieveIn)
                    .bytes("hello".getBytes(StandardCharsets.US_ASCII)).dispatch(d);
            assertThat(ex.noReply).isTrue();
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isZero();
            assertThat(got).containsExactly(ex.unique + " 12 4096 hello");

            got.clear();
            ex = slot.start(Opcode.NOTIFY_REPLY, 12).bytes(new byte[8]).dispatch(d);
            assertThat(ex.noReply).isTrue();
            assertThat(ex.error).isZero();
            assertThat(got).isEmpty();
        }
    }
}
