package io.procdaemon.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Requirements in an operator's words, from the filters bnd and Felix write. */
class RequirementTextTest {

    @Test
    void aPackageWithTheRangeAsOsgiWritesIt() {
        assertEquals("package com.fasterxml.jackson.core [2.17,3)", RequirementText.describe("osgi.wiring.package",
                "(&(osgi.wiring.package=com.fasterxml.jackson.core)(version>=2.17.0)(!(version>=3.0.0)))"));
        assertEquals("package org.slf4j [1.7.36,2]", RequirementText.describe("osgi.wiring.package",
                "(&(osgi.wiring.package=org.slf4j)(version>=1.7.36)(version<=2.0.0))"));
        assertEquals("package a.b (1,2)", RequirementText.describe("osgi.wiring.package",
                "(&(osgi.wiring.package=a.b)(!(version<=1.0.0))(!(version>=2.0.0)))"));
        assertEquals("package a.b [1.2.3]", RequirementText.describe("osgi.wiring.package",
                "(&(osgi.wiring.package=a.b)(version=1.2.3))"));
    }

    @Test
    void aPackageWithoutAVersionOrWithOnlyALowerBound() {
        assertEquals("package does.not.exist", RequirementText.describe("osgi.wiring.package", "(osgi.wiring.package=does.not.exist)"));
        assertEquals("package a.b 1.10 or later", RequirementText.describe("osgi.wiring.package",
                "(&(osgi.wiring.package=a.b)(version>=1.10.0))"));
        assertEquals("package a.b 2.0.0.beta1 or later", RequirementText.describe("osgi.wiring.package",
                "(&(osgi.wiring.package=a.b)(version>=2.0.0.beta1))"));
    }

    @Test
    void bundlesExtendersAndServicesByName() {
        assertEquals("bundle org.example.lib [1,2)", RequirementText.describe("osgi.wiring.bundle",
                "(&(osgi.wiring.bundle=org.example.lib)(bundle-version>=1.0.0)(!(bundle-version>=2.0.0)))"));
        assertEquals("extender osgi.cdi [1,2)", RequirementText.describe("osgi.extender",
                "(&(osgi.extender=osgi.cdi)(version>=1.0.0)(!(version>=2.0.0)))"));
        assertEquals("service org.example.Api", RequirementText.describe("osgi.service", "(objectClass=org.example.Api)"));
        assertEquals("exports", RequirementText.verb("osgi.wiring.package"));
        assertEquals("provides", RequirementText.verb("osgi.extender"));
    }

    @Test
    void anythingElseKeepsItsFilter() {
        assertEquals("capability osgi.ee (&(osgi.ee=JavaSE)(version=21))",
                RequirementText.describe("osgi.ee", "(&(osgi.ee=JavaSE)(version=21))"));
        assertEquals("capability acme.thing", RequirementText.describe("acme.thing", null));
    }
}
