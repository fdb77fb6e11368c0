package io.procdaemon.config.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ValueTypeTest {

    @Test
    void anExistingValueGivesItsType() {
        assertEquals(Optional.of(ValueType.LONG), ValueType.of(5000L));
        assertEquals(Optional.of(ValueType.LONG), ValueType.of(7), "Integer from a bundle's own configuration");
        assertEquals(Optional.of(ValueType.DOUBLE), ValueType.of(1.5f));
        assertEquals(Optional.of(ValueType.BOOLEAN), ValueType.of(true));
        assertEquals(Optional.of(ValueType.STRING), ValueType.of('c'));
        assertEquals(Optional.of(ValueType.STRING_ARRAY), ValueType.of(new String[0]));
        assertEquals(Optional.of(ValueType.LONG_ARRAY), ValueType.of(new int[] {1}));
        assertEquals(Optional.of(ValueType.BOOLEAN_ARRAY), ValueType.of(List.of(true)));
        assertEquals(Optional.empty(), ValueType.of(new Object()));
    }

    @Test
    void scalarsAreReadAsTheFileWouldReadThem() {
        assertEquals(5000L, ValueType.LONG.parse("k", " 5_000 "));
        assertEquals(31L, ValueType.LONG.parse("k", "0x1F"));
        assertEquals(2.0, ValueType.DOUBLE.parse("k", "2"));
        assertEquals(1000.0, ValueType.DOUBLE.parse("k", "1e3"));
        assertEquals(false, ValueType.BOOLEAN.parse("k", "false"));
        assertEquals("  as is, \"quotes\" too ", ValueType.STRING.parse("k", "  as is, \"quotes\" too "));
    }

    /** A refused secret is masked where the value stood, not wherever its text occurs in the message. */
    @Test
    void aRefusedSecretIsMaskedAsAValueNotAsASubstring() {
        String message = assertThrows(IllegalArgumentException.class, () -> ValueType.LONG.parse("auth.token", "e")).getMessage();
        assertTrue(message.startsWith("cannot set 'auth.token': expected long"), message);
        assertTrue(message.contains("got ******** (a secret: not shown)"), message);
        assertFalse(message.contains("'e'"), message);
    }

    @Test
    void redactionReplacesQuotedValuesOnly() {
        assertEquals("cannot set 'auth.token': got ********, not ********",
                SecretKeys.redact("cannot set 'auth.token': got 'e', not \"e\"", "e", "\"e\""));
    }

    @Test
    void aValueThatDoesNotParseNamesKeyTypeAndInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValueType.LONG.parse("shutdown.graceful", "3s"));
        assertEquals("cannot set 'shutdown.graceful': expected long (a whole number), got '3s'; --type sets another type", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ValueType.LONG.parse("k", "1.5"));
        assertThrows(IllegalArgumentException.class, () -> ValueType.BOOLEAN.parse("k", "yes"));
        assertThrows(IllegalArgumentException.class, () -> ValueType.DOUBLE.parse("k", "nan"));
        assertThrows(IllegalArgumentException.class, () -> ValueType.LONG.parse("k", "1\nother = 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ValueType.LONG_ARRAY.parse("ports", "1, x"))
                .getMessage().contains("expected long[]"));
    }

    @Test
    void arraysCommaSeparatedAsTomlOrAsAGogoList() {
        assertArrayEquals(new Long[] {1L, 2L}, (Object[]) ValueType.LONG_ARRAY.parse("k", "1, 2"));
        assertArrayEquals(new Long[] {1L, 2L}, (Object[]) ValueType.LONG_ARRAY.parse("k", "[1, 2]"));
        assertArrayEquals(new String[] {"a", "b c"}, (Object[]) ValueType.STRING_ARRAY.parse("k", "a, b c"));
        assertArrayEquals(new String[] {"a,b", "c"}, (Object[]) ValueType.STRING_ARRAY.parse("k", "[\"a,b\", 'c']"));
        assertArrayEquals(new Double[] {1.0, 2.5}, (Object[]) ValueType.DOUBLE_ARRAY.parse("k", List.of("1", "2.5")));
        assertArrayEquals(new Boolean[] {true}, (Object[]) ValueType.BOOLEAN_ARRAY.parse("k", "true"));
        assertArrayEquals(new String[0], (Object[]) ValueType.STRING_ARRAY.parse("k", ""));
        assertArrayEquals(new Long[0], (Object[]) ValueType.LONG_ARRAY.parse("k", "[]"));
        assertThrows(IllegalArgumentException.class, () -> ValueType.STRING_ARRAY.parse("k", "[1, 2]"));
        assertThrows(IllegalArgumentException.class, () -> ValueType.LONG_ARRAY.parse("k", "[\"1\"]"));
    }

    @Test
    void aNewKeyWithoutTypeIsReadAsTomlElseAsAString() {
        assertEquals(8080L, ValueType.guess("8080"));
        assertEquals(true, ValueType.guess("true"));
        assertEquals(1.5, ValueType.guess("1.5"));
        assertArrayEquals(new Long[] {1L, 2L}, (Object[]) ValueType.guess("[1,2]"));
        assertEquals("quoted", ValueType.guess("\"quoted\""));
        assertEquals("localhost", ValueType.guess("localhost"));
        assertEquals("[1, \"a\"]", ValueType.guess("[1, \"a\"]"), "a mixed array is no ConfigAdmin value: kept as text");
    }

    @Test
    void typeNames() {
        assertEquals(ValueType.LONG_ARRAY, ValueType.named("long[]"));
        assertEquals(ValueType.STRING, ValueType.named("String"));
        assertEquals("unknown type 'int'; valid: string, long, double, boolean, string[], long[], double[], boolean[]",
                assertThrows(IllegalArgumentException.class, () -> ValueType.named("int")).getMessage());
    }

    @Test
    void secretKeysByTheirLastSegment() {
        for (String key : List.of("db.password", "api_key", "apiKey", "auth.TOKEN", "client_secret", "keys")) {
            assertTrue(SecretKeys.isSecret(key), key);
        }
        for (String key : List.of("password.length", "shutdown.graceful", "name", "tokens_bucket.size")) {
            assertFalse(SecretKeys.isSecret(key), key);
        }
        assertEquals("got ******** for x", SecretKeys.redact("got 'hunter2' for x", "hunter2", null));
        assertEquals("unchanged", SecretKeys.redact("unchanged", "", null));
    }
}
