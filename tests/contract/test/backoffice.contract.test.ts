import { defineContractSuite } from '../src/suite.js';

defineContractSuite('backoffice');
