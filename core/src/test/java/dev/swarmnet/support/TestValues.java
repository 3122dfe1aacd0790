package dev.swarmnet.support;

import java.util.Objects;

/** Value types sent as arguments: a record and a classic bean. */
public final class TestValues {
    private TestValues() {
    }

    public record Point(int x, int y, String label) {
    }

    /** A POJO with a default constructor, getters and setters. */
    public static final class Person {
        private String name;
        private int age;
        private boolean admin;

        public Person() {
        }

        public Person(String name, int age, boolean admin) {
            this.name = name;
            this.age = age;
            this.admin = admin;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getAge() {
            return age;
        }

        public void setAge(int age) {
            this.age = age;
        }

        public boolean isAdmin() {
            return admin;
        }

        public void setAdmin(boolean admin) {
            this.admin = admin;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Person p && p.age == age && p.admin == admin && Objects.equals(p.name, name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, age, admin);
        }

        @Override
        public String toString() {
            return "Person[" + name + ", " + age + ", " + admin + "]";
        }
    }
}
