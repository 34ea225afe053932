/** A valid destination: for a program and a facility type, a node facilities of the type may issue stock to (an issue's destination). */
import { Entity } from 'typeorm';
import { NodeAssignmentColumns } from '../stock-configuration/node-assignment.entity.js';

@Entity({ name: 'valid_destination_assignments' })
export class ValidDestinationAssignment extends NodeAssignmentColumns {}
