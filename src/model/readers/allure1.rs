//! Allure 1 test suites.
