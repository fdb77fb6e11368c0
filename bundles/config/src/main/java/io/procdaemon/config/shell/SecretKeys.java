package io.procdaemon.config.shell;

import java.util.List;
import java.util.Locale;

/**
 * Keys whose values the {@code config:*} commands never print: those whose last segment contains
 * {@code password}, {@code secret}, {@code token} or {@code key}, ignoring case ({@code db.password},
 * {@code api_key}, {@code apiKey}, {@code auth.TOKEN}). A wide net on purpose: masking a harmless value
 * ({@code monkey}) costs a look at the file; printing a password into a terminal's scroll-back or a
 * support ticket costs more.
 */
final class SecretKeys {

    /** What a secret value is shown as. */
    static final String MASK = "********";

    private static final List<String> WORDS = List.of("password", "secret", "token", "key");

    private SecretKeys() {
    }

    static boolean isSecret(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return WORDS.stream().anyMatch(last::contains);
    }

    /**
     * Masks a secret value where a message quotes it: {@code 'value'}, {@code "value"} or the value's
     * TOML literal, the forms in which validators name a value. Only whole quoted values are
     * replaced, never a substring of other words: a value {@code e} leaves {@code cannot set
     * 'auth.token'} as it is (replacing every {@code e} would both garble the message and, by where
     * the mask lands, reveal the value).
     *
     * @param message a refusal's message
     * @param input the value as typed
     * @param literal the value's TOML literal, or {@code null}
     * @return the message with those quoted forms replaced by {@link #MASK}
     */
    static String redact(String message, String input, String literal) {
        if (input == null || input.isEmpty()) {
            return message;
        }
        String redacted = message.replace("'" + input + "'", MASK).replace("\"" + input + "\"", MASK);
        return literal == null || literal.isEmpty() ? redacted : redacted.replace(literal, MASK);
    }
}
