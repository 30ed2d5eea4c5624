import { Sequelize, QueryTypes } from 'sequelize';
import { Request, Response } from 'express';
import * as fs from 'fs/promises';

const sequelize = new Sequelize(process.env.DATABASE_URL as string);

export async function listInvoices(req: Request, res: Response) {
  const rows = await sequelize.query(`SELECT * FROM invoices WHERE account_id = ${req.params.accountId}`, { type: QueryTypes.SELECT }); // hookagent-expect: CWE-89
  res.json(rows);
}

export async function listInvoicesSafe(req: Request, res: Response) {
  const rows = await sequelize.query('SELECT * FROM invoices WHERE account_id = :id', {
    replacements: { id: req.params.accountId },
    type: QueryTypes.SELECT,
  });
  res.json(rows);
}

export async function invoicePdf(req: Request, res: Response) {
  const pdf = await fs.readFile('/srv/invoices/' + req.params.file); // hookagent-expect: CWE-22
  res.type('application/pdf').send(pdf);
}

export async function countInvoices(status: string): Promise<number> {
  const [row] = await sequelize.query('SELECT COUNT(*) AS n FROM invoices WHERE status = ?', {
    replacements: [status],
    type: QueryTypes.SELECT,
  });
  return (row as { n: number }).n;
}
