Console.WriteLine("boot");
