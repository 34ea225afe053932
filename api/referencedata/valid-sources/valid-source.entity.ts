/** A valid source: for a program and a facility type, a node facilities of the type may receive stock from (a receive's source). */
import { Entity } from 'typeorm';
import { NodeAssignmentColumns } from '../stock-configuration/node-assignment.entity.js';

@Entity({ name: 'valid_source_assignments' })
export class ValidSourceAssignment extends NodeAssignmentColumns {}
