package dev.fusering.internal.abi;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Test helper that checks one struct class: its size constant, its layout size, every field's offset
 * constant against the layout and a literal, and that no layout member was left unchecked.
 */
final class StructCheck {

    private final StructLayout layout;
    private final Set<String> checked = new LinkedHashSet<>();

    private StructCheck(StructLayout layout) {
        this.layout = layout;
    }

    /**
     * Starts a check and verifies the struct size.
     *
     * @param layout the struct's {@code LAYOUT}
     * @param sizeConstant the struct's {@code SIZE}
     * @param expectedSize the size from the C header, as a literal
     * @return the check, to add fields to
     */
    static StructCheck of(StructLayout layout, long sizeConstant, long expectedSize) {
        assertThat(layout.byteSize()).as("layout size").isEqualTo(expectedSize);
        assertThat(sizeConstant).as("SIZE").isEqualTo(expectedSize);
        assertThat(layout.byteAlignment()).as("natural alignment").isLessThanOrEqualTo(8);
        return new StructCheck(layout);
    }

    /**
     * Verifies one field.
     *
     * @param name the member name (the C field name)
     * @param constant the class's offset constant for the field
     * @param expectedOffset the offset from the C header, as a literal
     * @return this check
     */
    StructCheck field(String name, long constant, long expectedOffset) {
        assertThat(layout.byteOffset(groupElement(name))).as("layout offset of " + name).isEqualTo(expectedOffset);
        assertThat(constant).as("constant for " + name).isEqualTo(expectedOffset);
        assertThat(checked.add(name)).as("checked twice: " + name).isTrue();
        return this;
    }

    /** Verifies that every member of the layout has been checked. */
    void done() {
        Set<String> members = new LinkedHashSet<>();
        for (MemoryLayout member : layout.memberLayouts()) {
            assertThat(member.name()).as("unnamed member in " + layout).isPresent();
            members.add(member.name().orElseThrow());
        }
        assertThat(checked).containsExactlyElementsOf(members);
    }
}
