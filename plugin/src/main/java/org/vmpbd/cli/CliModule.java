package org.vmpbd.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.io.PrintStream;
import org.vmpbd.detect.ModelCodec;
import org.vmpbd.detect.ModelTrainer;
import org.vmpbd.libvirt.LibvirtConnection;
import org.vmpbd.libvirt.LibvirtVmControl;
import org.vmpbd.libvirt.VmControl;
import org.vmpbd.policy.PolicyModule;
import org.vmpbd.model.ModelModule;

/** Bindings of the command-line tool. */
public final class CliModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ModelTrainer.class).in(Singleton.class);
        bind(ModelCodec.class).in(Singleton.class);
        install(new PolicyModule());
        install(ModelModule.fromEnvironment());
    }

    /** The demo's hypervisor: libvirt's in-process test driver (opened on first use). */
    @Provides
    @Singleton
    VmControl vmControl() {
        return new LibvirtVmControl(new LibvirtConnection(LibvirtVmControl.TEST_URI));
    }

    @Provides
    @Singleton
    Console console() {
        return new Console(System.out, System.err);
    }

    /** Where commands print: results on {@code out}, progress and notes on {@code err}. */
    public record Console(PrintStream out, PrintStream err) {
    }
}
