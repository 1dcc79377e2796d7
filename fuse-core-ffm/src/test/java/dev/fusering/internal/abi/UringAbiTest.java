package dev.fusering.internal.abi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Checks the FUSE-over-io_uring structs and constants against the header and the facts file (section 2).
 */
class UringAbiTest {

    @Test
    void fuseUringEntInOut() {
        StructCheck.of(FuseUringEntInOut.LAYOUT, FuseUringEntInOut.SIZE, 32)
                .field("flags", FuseUringEntInOut.FLAGS, 0)
                .field("commit_id", FuseUringEntInOut.COMMIT_ID, 8)
                .field("payload_sz", FuseUringEntInOut.PAYLOAD_SZ, 16)
                .field("padding", FuseUringEntInOut.PADDING, 20)
                .field("reserved", FuseUringEntInOut.RESERVED, 24)
                .done();
    }

    @Test
    void fuseUringReqHeader() {
        StructCheck.of(FuseUringReqHeader.LAYOUT, FuseUringReqHeader.SIZE, 288)
                .field("in_out", FuseUringReqHeader.IN_OUT, 0)
                .field("op_in", FuseUringReqHeader.OP_IN, 128)
                .field("ring_ent_in_out", FuseUringReqHeader.RING_ENT_IN_OUT, 256)
                .done();
    }

    @Test
    void fuseUringCmdReq() {
        StructCheck.of(FuseUringCmdReq.LAYOUT, FuseUringCmdReq.SIZE, 24)
                .field("flags", FuseUringCmdReq.FLAGS, 0)
                .field("commit_id", FuseUringCmdReq.COMMIT_ID, 8)
                .field("qid", FuseUringCmdReq.QID, 16)
                .field("padding", FuseUringCmdReq.PADDING, 18)
                .done();
    }

    @Test
    void headerAreaConstants() {
        assertThat(FuseUringReqHeader.IN_OUT_HEADER_SZ).isEqualTo(128);
        assertThat(FuseUringReqHeader.OP_IN_OUT_SZ).isEqualTo(128);
        assertThat(FuseUringReqHeader.IN_OUT).isEqualTo(0);
        assertThat(FuseUringReqHeader.OP_IN).isEqualTo(128);
        assertThat(FuseUringReqHeader.RING_ENT_IN_OUT).isEqualTo(256);
        assertThat(FuseUringReqHeader.SIZE).isEqualTo(288);
        assertThat(FuseUringReqHeader.RING_ENT_COMMIT_ID).isEqualTo(264);
        assertThat(FuseUringReqHeader.RING_ENT_PAYLOAD_SZ).isEqualTo(272);
        assertThat(FuseInHeader.SIZE).isLessThanOrEqualTo(FuseUringReqHeader.IN_OUT_HEADER_SZ);
        assertThat(FuseOutHeader.SIZE).isLessThanOrEqualTo(FuseUringReqHeader.IN_OUT_HEADER_SZ);
    }

    @Test
    void commandNumbers() {
        assertThat(FuseUringCmd.INVALID).isEqualTo(0);
        assertThat(FuseUringCmd.REGISTER).isEqualTo(1);
        assertThat(FuseUringCmd.COMMIT_AND_FETCH).isEqualTo(2);
    }

    @Test
    void commandSitsInTheSqeCommandArea() {
        assertThat(FuseUringCmdReq.SQE_OFFSET).isEqualTo(48);
        assertThat(FuseUringCmdReq.SIZE).isEqualTo(24);
        // absolute SQE offsets from the facts file: flags 48, commit_id 56, qid 64, padding 66
        assertThat(FuseUringCmdReq.SQE_OFFSET + FuseUringCmdReq.FLAGS).isEqualTo(48);
        assertThat(FuseUringCmdReq.SQE_OFFSET + FuseUringCmdReq.COMMIT_ID).isEqualTo(56);
        assertThat(FuseUringCmdReq.SQE_OFFSET + FuseUringCmdReq.QID).isEqualTo(64);
        assertThat(FuseUringCmdReq.SQE_OFFSET + FuseUringCmdReq.PADDING).isEqualTo(66);
        // the command area of a 128-byte SQE is 80 bytes, from 48 to 128
        assertThat(FuseUringCmdReq.SQE_OFFSET + FuseUringCmdReq.SIZE).isLessThanOrEqualTo(128);
    }

    @Test
    void everyPerOpcodeStructFitsTheOpInArea() {
        int largest = 0;
        for (int opcode = 1; opcode <= Opcode.MAX; opcode++) {
            int size = Opcode.inArgSize(opcode);
            assertThat((long) size).as(Opcode.name(opcode)).isLessThanOrEqualTo(FuseUringReqHeader.OP_IN_OUT_SZ);
            largest = Math.max(largest, size);
        }
        // the facts file: the largest, setattr_in, is 88 bytes
        assertThat(largest).isEqualTo(88);
        assertThat(Opcode.inArgSize(Opcode.SETATTR)).isEqualTo(88);
    }
}
