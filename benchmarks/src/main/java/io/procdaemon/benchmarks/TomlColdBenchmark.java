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
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlVersion;

import io.procdaemon.config.toml.TomlTranslator;
import io.procdaemon.config.toml.Translation;

/**
 * The first parse in a fresh JVM, as a first boot pays it: each fork is a new JVM, whose one
 * measured call is its first (class loading and initialisation included, the file's text read
 * before). {@code translate} is the daemon's whole translation with the Jackson parser;
 * {@code tomljParse} is tomlj 2.2.0's parse alone, the parser the daemon used before (its
 * translator's own work on top was small), kept here only to compare against.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(10)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class TomlColdBenchmark {

    private String daemonToml;

    @Setup
    public void file() {
        daemonToml = TomlFiles.shippedDaemonToml();
    }

    @Benchmark
    public Translation translate() {
        return TomlTranslateBenchmark.checked(TomlTranslator.translate("etc/daemon.toml", daemonToml));
    }

    @Benchmark
    public TomlParseResult tomljParse() {
        TomlParseResult result = Toml.parse(daemonToml, TomlVersion.V1_0_0);
        if (result.hasErrors()) {
            throw new IllegalStateException(result.errors().toString());
        }
        return result;
    }
}
