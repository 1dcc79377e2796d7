package dev.fusering.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Parsing of the CapEff line of /proc/PID/status. */
class ProcessCapabilitiesTest {

    @Test
    void readsTheEffectiveSet() {
        String root = "Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n";
        String user = "Name:\tjava\nCapEff:\t0000000000000000\n";
        assertThat(ProcessCapabilities.isSet(root, ProcessCapabilities.CAP_SYS_ADMIN)).isTrue();
        assertThat(ProcessCapabilities.isSet(user, ProcessCapabilities.CAP_SYS_ADMIN)).isFalse();
        assertThat(ProcessCapabilities.isSet("Name:\tjava\n", ProcessCapabilities.CAP_SYS_ADMIN)).isFalse();
        assertThat(ProcessCapabilities.isSet("CapEff:\tzz\n", ProcessCapabilities.CAP_SYS_ADMIN)).isFalse();
    }

    @Test
    void thisProcessRunsAsRootInTests() {
        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(ProcessCapabilities.hasEffective(ProcessCapabilities.CAP_SYS_ADMIN)).isTrue();
        }
    }
}
