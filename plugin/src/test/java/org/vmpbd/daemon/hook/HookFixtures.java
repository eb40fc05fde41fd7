package org.vmpbd.daemon.hook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Domain XML and hook configurations for the hook tests. */
final class HookFixtures {
    private HookFixtures() {
    }

    /** A domain XML as Nova writes it, in project {@code project}. */
    static String novaDomain(String name, String project) {
        return """
            <domain type='kvm'>
              <name>%s</name>
              <uuid>8c6a2f7e-0f7e-4a8e-9d1c-0d2b7c3f1a11</uuid>
              <metadata>
                <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1">
                  <nova:name>web-1</nova:name>
                  <nova:owner>
                    <nova:user uuid="f1e2d3c4b5a697887766554433221100">alice</nova:user>
                    <nova:project uuid="%s">demo</nova:project>
                  </nova:owner>
                </nova:instance>
              </metadata>
              <memory unit='KiB'>262144</memory>
            </domain>
            """.formatted(name, project);
    }

    /** A domain XML without Nova metadata. */
    static String plainDomain(String name) {
        return "<domain type='kvm'><name>" + name + "</name><memory unit='KiB'>262144</memory></domain>\n";
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes a hook.conf; {@code extra} lines are appended as they are. */
    static Path writeConf(Path dir, Path socket, Path policy, int timeout, int maxXml, String... extra)
            throws IOException {
        StringBuilder text = new StringBuilder()
            .append("# test configuration\n")
            .append("socket=").append(socket).append('\n')
            .append("policy = ").append(policy).append('\n')
            .append("timeout=").append(timeout).append('\n')
            .append("maxxml=").append(maxXml).append('\n');
        for (String line : extra) {
            text.append(line).append('\n');
        }
        return Files.writeString(dir.resolve("hook.conf"), text);
    }
}
