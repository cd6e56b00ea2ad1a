package dev.autoloss.jobs.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest, so it is declared once, in the POM. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = AutolossCli.class.getPackage().getImplementationVersion();
        return new String[] {"autoloss " + (version == null ? "(development build)" : version)};
    }
}
