package io.procdaemon.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.procdaemon.config.toml.TomlTranslator;
import io.procdaemon.config.toml.Translation;

/**
 * Warm translation of a file at the default size limit (1 MiB), the largest the daemon reads: one
 * of comment lines only (tomlj's parse time grew cubically with consecutive comment lines), and
 * one of keys (tables of 100 keys of every scalar type). The whole {@code translate} call is
 * measured: parse, locating keys, flattening, typing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TomlTranslateBenchmark {

    /** procdaemon.config.max.bytes by default: the largest file of etc/ that is read. */
    private static final long ONE_MIB = 1024 * 1024;

    private String comments;
    private String keys;

    @Setup
    public void files() {
        comments = TomlFiles.comments(ONE_MIB);
        keys = TomlFiles.keys(ONE_MIB);
    }

    @Benchmark
    public Translation comments1MiB() {
        return checked(TomlTranslator.translate("etc/comments.toml", comments));
    }

    @Benchmark
    public Translation keys1MiB() {
        return checked(TomlTranslator.translate("etc/keys.toml", keys));
    }

    static Translation checked(Translation translation) {
        if (!translation.ok()) {
            throw new IllegalStateException(translation.problems().toString());
        }
        return translation;
    }
}
